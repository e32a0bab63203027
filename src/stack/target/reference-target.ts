// The bundled reference TickStorm as a supervised child: `chaos target` on ephemeral
// ports, reporting them in its ready line. A restart (a rollout, as the runbook's
// remediations do) keeps the ports, so the proxy and Prometheus need no change.

import { PUBLISHED_SETTINGS, REFERENCE_SETTINGS } from '../../tickstorm/settings.js';
import { chaosBin } from '../../paths.js';
import { readyLineCollector } from '../process/ready-line.js';
import { SupervisedProcess } from '../process/supervised.js';
import { inPlacement, isLoopbackPlacement, LOOPBACK, type Placement } from '../placement.js';

export interface TargetEndpoints {
  stream: { host: string; port: number };
  metricsUrl: string;
  healthUrl: string;
  instanceId: string;
}

export interface ReferenceTarget extends TargetEndpoints {
  process: SupervisedProcess;
}

export interface ReferenceTargetOptions {
  env?: Record<string, string>;
  /** Ports to keep on restart; 0 = ephemeral. */
  ports?: { stream: number; metrics: number; health: number };
  readyWithinMs?: number;
  onStderrLine?: (line: string) => void;
  /** Where it runs and listens; loopback by default. */
  placement?: Placement;
  /** Called as soon as the process exists, before its ready line: the ledger records it there. */
  onSpawned?: (process: SupervisedProcess) => void;
}

export async function startReferenceTarget(
  options: ReferenceTargetOptions = {},
): Promise<ReferenceTarget> {
  const ports = options.ports ?? { stream: 0, metrics: 0, health: 0 };
  const ready = readyLineCollector();
  const placement = options.placement ?? LOOPBACK;
  const command = inPlacement(placement, globalThis.process.execPath, [
    chaosBin,
    'target',
    // A veth address of the drill's own is reachable from this machine only; hence --listen-any.
    ...(isLoopbackPlacement(placement)
      ? ['--host', placement.host]
      : ['--host', placement.host, '--listen-any']),
    '--port',
    String(ports.stream),
    '--metrics-port',
    String(ports.metrics),
    '--health-port',
    String(ports.health),
    '--ready-json',
  ]);
  const process = await SupervisedProcess.start({
    name: 'target',
    command: command.command,
    args: command.args,
    becomes: command.becomes,
    env: { ...withoutTargetSettings(globalThis.process.env), ...options.env },
    onStdoutLine: ready.onLine,
    onStderrLine: options.onStderrLine,
  });
  options.onSpawned?.(process);
  try {
    const line = await ready.wait(
      process,
      'the reference target did not print its ready line',
      options.readyWithinMs ?? 20_000,
    );
    const [host, port] = String(line.stream).split(/:(?=\d+$)/);
    return {
      process,
      stream: { host: host!, port: Number(port) },
      metricsUrl: String(line.metrics),
      healthUrl: String(line.health),
      instanceId: String(line.instanceId),
    };
  } catch (error) {
    await process.stop(2000);
    throw error;
  }
}

export function portsOf(target: TargetEndpoints): {
  stream: number;
  metrics: number;
  health: number;
} {
  return {
    stream: target.stream.port,
    metrics: Number(new URL(target.metricsUrl).port),
    health: Number(new URL(target.healthUrl).port),
  };
}

/**
 * The variables the reference target reads. A drill's target gets exactly the settings
 * its scenario gives, never stray ones from the shell that started `chaos`.
 */
const TARGET_SETTINGS: ReadonlySet<string> = new Set([
  ...REFERENCE_SETTINGS,
  ...PUBLISHED_SETTINGS,
]);

function withoutTargetSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !TARGET_SETTINGS.has(name)));
}
