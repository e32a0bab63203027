// The shape Prometheus 2.42 requires of a rule file (its rulefmt package), checked on the
// plain YAML value; every problem carries its path so the loader can add the line.

import { isDuration } from './promql/duration.js';

type Segment = string | number;

export interface RuleSpec {
  kind: 'alert' | 'record';
  /** The alert name or the recorded metric name. */
  name: string;
  expr: string;
  for?: string;
  keepFiringFor?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  group: string;
  /** `groups[0].rules[1]` */
  path: string;
  segments: Segment[];
}

export interface RuleGroupSpec {
  name: string;
  interval?: string;
  limit?: number;
  rules: RuleSpec[];
  path: string;
  segments: Segment[];
}

export interface ShapeProblem {
  path: string;
  segments: Segment[];
  message: string;
}

const GROUP_FIELDS = ['name', 'interval', 'limit', 'rules'];
const RULE_FIELDS = ['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'];

export function checkRulesShape(value: unknown): {
  groups: RuleGroupSpec[];
  problems: ShapeProblem[];
} {
  const problems: ShapeProblem[] = [];
  const problem = (segments: Segment[], message: string) =>
    problems.push({ path: pathText(segments), segments, message });
  const groups: RuleGroupSpec[] = [];

  if (!isRecord(value)) {
    problem([], `expected a mapping with a \`groups:\` list, got ${describe(value)}`);
    return { groups, problems };
  }
  unknownFields(value, ['groups'], [], problem);
  if (!Array.isArray(value.groups)) {
    problem(['groups'], `expected a list of rule groups, got ${describe(value.groups)}`);
    return { groups, problems };
  }
  const names = new Set<string>();
  value.groups.forEach((raw, g) => {
    const at: Segment[] = ['groups', g];
    if (!isRecord(raw))
      return problem(at, `expected a rule group (name, rules), got ${describe(raw)}`);
    unknownFields(raw, GROUP_FIELDS, at, problem);
    const name = nonEmptyString(raw.name, [...at, 'name'], 'a group name', problem) ?? `#${g}`;
    if (names.has(name))
      problem([...at, 'name'], `group name "${name}" is used twice; expected unique names`);
    names.add(name);
    const interval = duration(raw.interval, [...at, 'interval'], problem);
    if (raw.limit !== undefined && !(Number.isInteger(raw.limit) && (raw.limit as number) >= 0)) {
      problem(
        [...at, 'limit'],
        `expected a whole number of alerts or series (0 for no limit), got ${describe(raw.limit)}`,
      );
    }
    const rules: RuleSpec[] = [];
    if (raw.rules !== undefined && raw.rules !== null && !Array.isArray(raw.rules)) {
      problem([...at, 'rules'], `expected a list of rules, got ${describe(raw.rules)}`);
    } else {
      ((raw.rules as unknown[] | null | undefined) ?? []).forEach((rawRule, r) => {
        const rule = checkRule(rawRule, [...at, 'rules', r], name, problem);
        if (rule) rules.push(rule);
      });
    }
    groups.push({
      name,
      interval,
      limit: raw.limit as number | undefined,
      rules,
      path: pathText(at),
      segments: at,
    });
  });
  return { groups, problems };
}

function checkRule(
  raw: unknown,
  at: Segment[],
  group: string,
  problem: (segments: Segment[], message: string) => void,
): RuleSpec | undefined {
  if (!isRecord(raw)) {
    problem(at, `expected a rule (alert or record, expr), got ${describe(raw)}`);
    return undefined;
  }
  unknownFields(raw, RULE_FIELDS, at, problem);
  const kind = raw.alert !== undefined ? 'alert' : 'record';
  if ((raw.alert === undefined) === (raw.record === undefined)) {
    problem(
      at,
      'expected exactly one of `alert:` (an alerting rule) or `record:` (a recording rule)',
    );
  }
  const name = nonEmptyString(raw[kind], [...at, kind], `an ${kind} name`, problem) ?? '';
  if (kind === 'record' && name && !isName(name, true)) {
    problem([...at, 'record'], `expected a metric name like "job:errors:rate5m", got "${name}"`);
  }
  const expr = scalarText(raw.expr);
  if (expr === undefined || expr.trim() === '') {
    problem([...at, 'expr'], `expected a PromQL expression, got ${describe(raw.expr)}`);
  }
  if (kind === 'record') {
    for (const field of ['for', 'keep_firing_for', 'annotations']) {
      if (raw[field] !== undefined)
        problem([...at, field], `\`${field}\` belongs to alerting rules, not recording rules`);
    }
  }
  return {
    kind,
    name,
    expr: expr ?? '',
    for: duration(raw.for, [...at, 'for'], problem),
    keepFiringFor: duration(raw.keep_firing_for, [...at, 'keep_firing_for'], problem),
    labels: labelMap(raw.labels, [...at, 'labels'], problem),
    annotations: labelMap(raw.annotations, [...at, 'annotations'], problem),
    group,
    path: pathText(at),
    segments: at,
  };
}

function duration(
  raw: unknown,
  at: Segment[],
  problem: (segments: Segment[], message: string) => void,
): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = scalarText(raw);
  if (text !== undefined && isDuration(text)) return text;
  problem(at, `expected a duration like "5m", got ${describe(raw)}`);
  return undefined;
}

function labelMap(
  raw: unknown,
  at: Segment[],
  problem: (segments: Segment[], message: string) => void,
): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) {
    problem(at, `expected a mapping of names to values, got ${describe(raw)}`);
    return {};
  }
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!isName(name, false))
      problem([...at, name], `expected a label name like "severity", got "${name}"`);
    const text = scalarText(value);
    if (text === undefined)
      problem([...at, name], `expected a string value, got ${describe(value)}`);
    else result[name] = text;
  }
  return result;
}

function nonEmptyString(
  raw: unknown,
  at: Segment[],
  what: string,
  problem: (segments: Segment[], message: string) => void,
): string | undefined {
  if (typeof raw === 'string' && raw.trim() !== '') return raw;
  problem(at, `expected ${what}, got ${describe(raw)}`);
  return undefined;
}

function unknownFields(
  raw: Record<string, unknown>,
  known: string[],
  at: Segment[],
  problem: (segments: Segment[], message: string) => void,
): void {
  for (const field of Object.keys(raw)) {
    if (!known.includes(field))
      problem([...at, field], `unknown field; expected one of ${known.join(', ')}`);
  }
}

// YAML reads `for: 0` as a number and `expr: 1` too; Prometheus reads both as text.
function scalarText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return undefined;
}

function isName(name: string, colons: boolean): boolean {
  if (name === '') return false;
  return [...name].every((char, index) => {
    const letter = (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_';
    return letter || (colons && char === ':') || (index > 0 && char >= '0' && char <= '9');
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

export function pathText(segments: Segment[]): string {
  return segments.reduce<string>(
    (text, segment) =>
      typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment,
    '',
  );
}
