// Which stack a run uses, from its flags: the local provider (optionally against an
// external target), the external provider (running parts given by URL), or containers.
// Every address outside loopback must be named with --allow-remote; acting on a process
// this framework did not start needs --allow-process-changes.

import type { StackChoice } from '../engine/start-drill-stack.js';
import { identify, type ProcessIdentity } from '../stack/process/proc-identity.js';
import { assertAllowedTarget, parseHostPort } from './remote-target.js';
import { UsageError } from './usage-error.js';

export interface StackFlags {
  provider: 'local' | 'external' | 'docker';
  target?: string;
  targetMetrics?: string;
  targetPid?: number;
  allowProcessChanges: boolean;
  allowRemote: string[];
  prometheus?: string;
  toxiproxy?: string;
  proxyListen?: string;
  proxyUpstream?: string;
  loadAddress?: string;
}

function urlFlag(text: string | undefined, flag: string, allowRemote: readonly string[]): URL {
  if (!text) throw new UsageError(`--provider external needs ${flag} URL`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${flag}: expected a URL like http://127.0.0.1:9090, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${flag}: expected an http:// or https:// URL, got "${text}"`);
  assertAllowedTarget(url.hostname, allowRemote, flag);
  return url;
}

/** --target-pid: the external target's process, by pid and start time, only with the explicit flag. */
function targetProcess(args: StackFlags): ProcessIdentity | undefined {
  if (args.targetPid === undefined) return undefined;
  if (!args.target)
    throw new UsageError('--target-pid needs --target host:port (the process serving it)');
  if (!args.allowProcessChanges) {
    throw new UsageError(
      `--target-pid ${args.targetPid}: this framework did not start that process; add --allow-process-changes to let faults change it (recorded and rolled back like any fault)`,
    );
  }
  const identity = identify(args.targetPid);
  if (!identity)
    throw new UsageError(`--target-pid: no process with pid ${args.targetPid} is running`);
  return identity;
}

export function stackChoice(args: StackFlags): StackChoice {
  const pid = targetProcess(args);
  if (args.provider === 'external') {
    if (!args.target)
      throw new UsageError(
        '--provider external needs --target host:port (the TickStorm under test)',
      );
    const stream = parseHostPort(args.target, '--target');
    assertAllowedTarget(stream.host, args.allowRemote, '--target');
    const loadAddress = args.loadAddress
      ? parseHostPort(args.loadAddress, '--load-address')
      : undefined;
    if (loadAddress) assertAllowedTarget(loadAddress.host, args.allowRemote, '--load-address');
    // Where the new proxy listens and what it forwards to carry load and faults too, so
    // they answer to --allow-remote like the target itself (0.0.0.0 included).
    for (const [text, flag] of [
      [args.proxyListen, '--proxy-listen'],
      [args.proxyUpstream, '--proxy-upstream'],
    ] as const) {
      if (text) assertAllowedTarget(parseHostPort(text, flag).host, args.allowRemote, flag);
    }
    return {
      provider: 'external',
      prometheusUrl: urlFlag(args.prometheus, '--prometheus', args.allowRemote).href,
      toxiproxyUrl: urlFlag(args.toxiproxy, '--toxiproxy', args.allowRemote).href,
      target: {
        stream,
        ...(pid ? { process: pid } : {}),
        ...(args.targetMetrics
          ? { metricsUrl: urlFlag(args.targetMetrics, '--target-metrics', args.allowRemote).href }
          : {}),
      },
      ...(args.proxyListen ? { proxyListen: args.proxyListen } : {}),
      ...(args.proxyUpstream ? { proxyUpstream: args.proxyUpstream } : {}),
      ...(loadAddress ? { loadAddress } : {}),
    };
  }
  if (args.prometheus || args.toxiproxy)
    throw new UsageError('--prometheus and --toxiproxy belong to --provider external');
  if (args.provider === 'docker') {
    if (args.target || args.targetMetrics)
      throw new UsageError(
        '--provider docker runs the reference target in a container; --target belongs to --provider local or external',
      );
    return { provider: 'docker' };
  }
  if (!args.target) {
    if (args.targetMetrics) throw new UsageError('--target-metrics needs --target host:port');
    return { provider: 'local' };
  }
  const stream = parseHostPort(args.target, '--target');
  assertAllowedTarget(stream.host, args.allowRemote, '--target');
  if (!args.targetMetrics)
    throw new UsageError(
      '--target needs --target-metrics URL (where Prometheus scrapes the target)',
    );
  const metrics = urlFlag(args.targetMetrics, '--target-metrics', args.allowRemote);
  return {
    provider: 'local',
    externalTarget: { stream, metricsUrl: metrics.href, ...(pid ? { process: pid } : {}) },
  };
}
