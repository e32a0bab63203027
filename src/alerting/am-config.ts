// An Alertmanager configuration read for what the drill and the lint need: the routing
// tree (each route's effective receiver, matchers and timings, inherited as Alertmanager
// inherits them), the receivers and their integrations, and the inhibition rules, each
// with the line it is written on. Whether Alertmanager itself accepts the file is
// amtool's call (amtool.ts); this reader only refuses what it cannot read.

import { InputFileError, readInputFile } from '../input-file.js';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { isDuration, parseDuration } from '../prom/promql/duration.js';
import { linePosition, nodePosition } from '../prom/yaml-positions.js';
import { findSelfReference, selfReferenceMessage } from '../prom/yaml-aliases.js';
import { MatcherSyntaxError, parseMatchers, type Matcher } from './matchers.js';
import { templateProblem } from './am-templates.js';

/** Alertmanager's defaults for the root route. */
export const ROUTE_DEFAULTS = {
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 4 * 3_600_000,
};

/** Whether each integration sends resolved notifications when `send_resolved` is not written. */
export const SEND_RESOLVED_DEFAULT: Record<string, boolean> = {
  email_configs: false,
  pagerduty_configs: true,
  slack_configs: false,
  webhook_configs: true,
  opsgenie_configs: true,
  victorops_configs: true,
  pushover_configs: true,
  wechat_configs: false,
  telegram_configs: true,
  sns_configs: true,
  discord_configs: true,
  webex_configs: true,
};

export interface RouteNode {
  /** Where it is written: `route`, `route.routes[0].routes[1]`. */
  path: string;
  line: number;
  /** Its receiver, or the one it inherits. */
  receiver: string;
  matchers: Matcher[];
  continue: boolean;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  /** As written, for messages: `5m`. */
  groupWait: string;
  muteTimeIntervals: string[];
  children: RouteNode[];
}

export interface ReceiverSpec {
  name: string;
  line: number;
  integrations: { kind: string; sendResolved: boolean }[];
}

export interface InhibitRule {
  line: number;
  source: Matcher[];
  target: Matcher[];
  equal: string[];
}

export interface AlertmanagerConfig {
  file: string;
  route: RouteNode;
  receivers: ReceiverSpec[];
  inhibitRules: InhibitRule[];
  /** The whole file as plain data, for the drill's rewrite. */
  data: Record<string, unknown>;
}

export class AlertmanagerConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
    /** The file or a template it names must not be read at all (/dev/zero, a FIFO, huge). */
    readonly unreadable = false,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
  }
}

export function loadAlertmanagerConfig(file: string, shownAs = file): AlertmanagerConfig {
  let source: string;
  try {
    source = readInputFile(file);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    const unreadable = error.code === undefined;
    throw new AlertmanagerConfigError(
      shownAs,
      undefined,
      `cannot read it (${error.reason})`,
      unreadable,
    );
  }
  return parseAlertmanagerConfig(source, shownAs, file);
}

/**
 * Why amtool must not be given this config (it, or a template it names, is a device, a
 * FIFO or huge: amtool would read it until its timeout), as the reason and line; null when
 * it may (other problems are for amtool and the loader to say).
 */
export function amtoolRefusal(file: string): { reason: string; line?: number } | null {
  try {
    loadAlertmanagerConfig(file);
    return null;
  } catch (error) {
    if (!(error instanceof AlertmanagerConfigError) || !error.unreadable) return null;
    return { reason: error.reason, ...(error.line ? { line: error.line } : {}) };
  }
}

/** `path` is where the file is, for its relative `templates:`; `file` is how messages show it. */
export function parseAlertmanagerConfig(
  source: string,
  file: string,
  path = file,
): AlertmanagerConfig {
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new AlertmanagerConfigError(
      file,
      first.linePos?.[0]?.line,
      `not YAML: ${first.message.split('\n')[0]}`,
    );
  }
  const loop = findSelfReference(document);
  if (loop) {
    const { line } = linePosition(lines, loop.offset);
    throw new AlertmanagerConfigError(file, line, `not usable YAML: ${selfReferenceMessage(loop)}`);
  }
  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    // The yaml library refuses to expand aliases past a count ("resource exhaustion").
    throw new AlertmanagerConfigError(file, 1, `not usable YAML: ${(error as Error).message}`);
  }
  if (!isRecord(data))
    throw new AlertmanagerConfigError(file, 1, 'expected a mapping with `route:` and `receivers:`');
  const lineOf = (segments: (string | number)[]) =>
    nodePosition(lines, document.getIn(segments, true) as Node | undefined)?.line ?? 1;
  const fail = (segments: (string | number)[], reason: string, unreadable = false): never => {
    const text = `${pathText(segments)}: ${reason}`;
    throw new AlertmanagerConfigError(file, lineOf(segments), text, unreadable);
  };
  // Before the rest: amtool is only run on a config whose templates are safe to read.
  const template = templateProblem(data.templates, path);
  if (template) {
    const at = template.index < 0 ? ['templates'] : ['templates', template.index];
    fail(at, template.reason, template.index >= 0);
  }
  if (!isRecord(data.route))
    fail(['route'], 'expected the routing tree (a mapping with `receiver:`)');

  const route = readRoute(data.route as Record<string, unknown>, ['route'], null, lineOf, fail);
  const receivers = (Array.isArray(data.receivers) ? data.receivers : []).map(
    (raw: unknown, index) => {
      const at = ['receivers', index];
      if (!isRecord(raw) || typeof raw.name !== 'string')
        return fail(at, 'expected a receiver with a `name`');
      const integrations = Object.entries(raw)
        .filter(([key, value]) => key.endsWith('_configs') && Array.isArray(value))
        .flatMap(([kind, list]) =>
          (list as unknown[]).map((item) => ({
            kind,
            sendResolved:
              isRecord(item) && typeof item.send_resolved === 'boolean'
                ? item.send_resolved
                : (SEND_RESOLVED_DEFAULT[kind] ?? false),
          })),
        );
      return { name: raw.name, line: lineOf(at), integrations };
    },
  );
  const inhibitRules = (Array.isArray(data.inhibit_rules) ? data.inhibit_rules : []).map(
    (raw: unknown, index) => {
      const at = ['inhibit_rules', index];
      if (!isRecord(raw)) return fail(at, 'expected a mapping');
      return {
        line: lineOf(at),
        source: routeMatchers(raw, 'source', [...at], fail),
        target: routeMatchers(raw, 'target', [...at], fail),
        equal: Array.isArray(raw.equal) ? raw.equal.map(String) : [],
      };
    },
  );
  return { file, route, receivers, inhibitRules, data };
}

function readRoute(
  raw: Record<string, unknown>,
  segments: (string | number)[],
  parent: RouteNode | null,
  lineOf: (segments: (string | number)[]) => number,
  fail: (segments: (string | number)[], reason: string) => never,
): RouteNode {
  const timing = (key: string, inherited: number): { ms: number; text: string } => {
    const value = raw[key];
    if (value === undefined) return { ms: inherited, text: '' };
    if (typeof value !== 'string' || !isDuration(value))
      fail([...segments, key], `expected a duration like "30s", got ${JSON.stringify(value)}`);
    return { ms: parseDuration(value as string), text: value as string };
  };
  const receiver = typeof raw.receiver === 'string' ? raw.receiver : parent?.receiver;
  if (!receiver) fail(segments, 'the root route must name a `receiver`');
  const groupWait = timing('group_wait', parent?.groupWaitMs ?? ROUTE_DEFAULTS.groupWaitMs);
  const node: RouteNode = {
    path: pathText(segments),
    line: lineOf(segments),
    receiver: receiver!,
    matchers: parent ? routeMatchers(raw, '', segments, fail) : [],
    continue: raw.continue === true,
    groupWaitMs: groupWait.ms,
    groupWait: groupWait.text || (parent?.groupWait ?? '30s'),
    groupIntervalMs: timing(
      'group_interval',
      parent?.groupIntervalMs ?? ROUTE_DEFAULTS.groupIntervalMs,
    ).ms,
    repeatIntervalMs: timing(
      'repeat_interval',
      parent?.repeatIntervalMs ?? ROUTE_DEFAULTS.repeatIntervalMs,
    ).ms,
    muteTimeIntervals: Array.isArray(raw.mute_time_intervals)
      ? raw.mute_time_intervals.map(String)
      : [],
    children: [],
  };
  const children = Array.isArray(raw.routes) ? raw.routes : [];
  node.children = children.map((child: unknown, index) => {
    const at = [...segments, 'routes', index];
    if (!isRecord(child)) return fail(at, 'expected a route mapping');
    return readRoute(child, at, node, lineOf, fail);
  });
  return node;
}

/** `matchers`, `match` and `match_re` (with a prefix for inhibit rules: `source_matchers`). */
function routeMatchers(
  raw: Record<string, unknown>,
  side: '' | 'source' | 'target',
  segments: (string | number)[],
  fail: (segments: (string | number)[], reason: string) => never,
): Matcher[] {
  const key = (name: string) => (side ? `${side}_${name}` : name);
  const matchers: Matcher[] = [];
  const list = raw[key('matchers')];
  if (list !== undefined) {
    if (!Array.isArray(list)) fail([...segments, key('matchers')], 'expected a list of matchers');
    (list as unknown[]).forEach((entry, index) => {
      try {
        matchers.push(...parseMatchers(String(entry)));
      } catch (error) {
        if (!(error instanceof MatcherSyntaxError)) throw error;
        fail([...segments, key('matchers'), index], error.message);
      }
    });
  }
  for (const [name, op] of [
    [key('match'), '='],
    [key('match_re'), '=~'],
  ] as const) {
    const map = raw[name];
    if (map === undefined) continue;
    if (!isRecord(map)) fail([...segments, name], 'expected a mapping of label to value');
    for (const [label, value] of Object.entries(map as Record<string, unknown>))
      matchers.push({ name: label, op, value: String(value) });
  }
  return matchers;
}

function pathText(segments: (string | number)[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
