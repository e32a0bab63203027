// k6-style pass/fail criteria for a load run: `{ session_drop_rate: ['rate<0.01'],
// handshake_seconds: ['p(95)<0.5'] }`. Parsed before anything connects, judged on the
// run's summary; a threshold with nothing to judge (no sessions, no handshakes) is
// crossed, never held.

import { type LatencyDigest, mean, quantile } from './latency-digest.js';
import type { LoadTallies } from './progress.js';
import { boundProblem } from './threshold-bounds.js';

export const THRESHOLD_METRICS = {
  session_drop_rate: {
    kind: 'rate',
    means: 'sessions dropped / sessions that ended (completed + dropped + interrupted)',
  },
  session_streamed_rate: {
    kind: 'rate',
    means:
      'sessions that got their first DATA_BATCH (or lived their whole lifetime before one was due) / sessions started',
  },
  handshake_seconds: {
    kind: 'trend',
    means: 'seconds from connect start to the SUBSCRIBE ACK (avg, min, med, max, p(N))',
  },
} as const;
export type ThresholdMetric = keyof typeof THRESHOLD_METRICS;

type Operator = '<=' | '>=' | '==' | '!=' | '<' | '>';

export interface Threshold {
  metric: ThresholdMetric;
  /** As written, for the summary. */
  expression: string;
  aggregate: 'rate' | 'avg' | 'min' | 'med' | 'max' | 'p';
  /** With `p`: the percentile, 0..100. */
  percentile?: number;
  operator: Operator;
  value: number;
}

/** Each applied unless the profile sets that metric itself: most sessions must reach their
 *  data, and most must not be dropped. A run that misses either did not load the server. */
export const DEFAULT_THRESHOLDS: Threshold[] = [
  {
    metric: 'session_drop_rate',
    expression: 'rate<0.5',
    aggregate: 'rate',
    operator: '<',
    value: 0.5,
  },
  {
    metric: 'session_streamed_rate',
    expression: 'rate>0.5',
    aggregate: 'rate',
    operator: '>',
    value: 0.5,
  },
];

function isMetric(name: string): name is ThresholdMetric {
  return Object.hasOwn(THRESHOLD_METRICS, name);
}

/** `rate<0.01`, `rate<1%`, `p(95)<0.5`, `p(99.9)<=250ms`, `avg<1s`, `max<2`. */
export function parseThreshold(metric: string, text: string): Threshold | { problem: string } {
  if (!isMetric(metric)) {
    return {
      problem: `unknown metric ${JSON.stringify(metric)}; expected one of ${Object.keys(THRESHOLD_METRICS).join(', ')}`,
    };
  }
  const kind = THRESHOLD_METRICS[metric].kind;
  const match =
    /^\s*(rate|avg|min|med|max|p\(\s*(\d+(?:\.\d+)?)\s*\))\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*(%|ms|s)?\s*$/.exec(
      text,
    );
  const expected =
    kind === 'rate'
      ? 'rate<0.01 or rate<1%'
      : 'avg, min, med, max or p(N) compared with seconds, e.g. p(95)<0.5 or p(99)<250ms';
  if (!match) return { problem: `${JSON.stringify(text)}: expected ${expected}` };
  const [, head, percentile, operator, number, unit] = match;
  const aggregate = head!.startsWith('p(') ? 'p' : (head as Threshold['aggregate']);
  if ((kind === 'rate') !== (aggregate === 'rate') || (kind === 'rate' && unit && unit !== '%')) {
    return { problem: `${JSON.stringify(text)}: ${metric} takes ${expected}` };
  }
  if (kind === 'trend' && unit === '%') {
    return { problem: `${JSON.stringify(text)}: ${metric} is in seconds, not a percentage` };
  }
  const p = percentile === undefined ? undefined : Number(percentile);
  if (p !== undefined && !(p > 0 && p <= 100)) {
    return { problem: `${JSON.stringify(text)}: a percentile is above 0 and at most 100` };
  }
  const scale = unit === '%' ? 0.01 : unit === 'ms' ? 0.001 : 1;
  const value = Number(number) * scale;
  const meaningless = boundProblem(kind, operator as Operator, value, JSON.stringify(text.trim()));
  if (meaningless) return { problem: meaningless };
  return {
    metric,
    expression: text.trim(),
    aggregate,
    ...(p === undefined ? {} : { percentile: p }),
    operator: operator as Operator,
    value,
  };
}

/** A profile's `thresholds` field; problems name the metric and the expression's index. */
export function parseThresholds(input: unknown, problems: string[]): Threshold[] {
  if (input === undefined) return [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    problems.push(
      `thresholds: expected an object of metric: [expressions], e.g. { session_drop_rate: ["rate<0.01"] }`,
    );
    return [];
  }
  const thresholds: Threshold[] = [];
  for (const [metric, list] of Object.entries(input)) {
    const expressions = typeof list === 'string' ? [list] : list;
    if (!Array.isArray(expressions) || expressions.some((e) => typeof e !== 'string')) {
      problems.push(`thresholds.${metric}: expected a list of expressions such as ["rate<0.01"]`);
      continue;
    }
    (expressions as string[]).forEach((text, index) => {
      const parsed = parseThreshold(metric, text);
      if ('problem' in parsed) problems.push(`thresholds.${metric}[${index}]: ${parsed.problem}`);
      else thresholds.push(parsed);
    });
  }
  return thresholds;
}

/** The profile's thresholds plus each default whose metric the profile leaves alone. */
export function withDefaults(thresholds: readonly Threshold[]): Threshold[] {
  const set = new Set(thresholds.map((t) => t.metric));
  return [...thresholds, ...DEFAULT_THRESHOLDS.filter((t) => !set.has(t.metric))];
}

export interface ThresholdResult {
  threshold: Threshold;
  /** null: nothing to judge, which crosses the threshold. */
  actual: number | null;
  held: boolean;
}

export function observed(threshold: Threshold, tallies: LoadTallies): number | null {
  const dropped = Object.values(tallies.dropped).reduce((sum, n) => sum + n, 0);
  switch (threshold.metric) {
    case 'session_drop_rate': {
      const ended = tallies.completed + tallies.interrupted + dropped;
      return ended === 0 ? null : dropped / ended;
    }
    case 'session_streamed_rate':
      return tallies.started === 0 ? null : tallies.streamed / tallies.started;
    case 'handshake_seconds':
      return trendValue(threshold, tallies.handshakeSeconds);
  }
}

function trendValue(threshold: Threshold, digest: LatencyDigest): number | null {
  switch (threshold.aggregate) {
    case 'avg':
      return mean(digest);
    case 'min':
      return quantile(digest, 0);
    case 'max':
      return quantile(digest, 1);
    case 'med':
      return quantile(digest, 0.5);
    default:
      return quantile(digest, (threshold.percentile ?? 100) / 100);
  }
}

function compare(actual: number, operator: Operator, value: number): boolean {
  switch (operator) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}

export function judgeThresholds(
  thresholds: readonly Threshold[],
  tallies: LoadTallies,
): ThresholdResult[] {
  return thresholds.map((threshold) => {
    const actual = observed(threshold, tallies);
    const held = actual !== null && compare(actual, threshold.operator, threshold.value);
    return { threshold, actual, held };
  });
}

/** `session_drop_rate rate<0.01: 0.2500 ✗`, with the unit the metric is in. */
export function formatThresholdResult({ threshold, actual, held }: ThresholdResult): string {
  const kind = THRESHOLD_METRICS[threshold.metric].kind;
  const shown =
    actual === null
      ? 'no data'
      : kind === 'rate'
        ? `${(actual * 100).toFixed(2)} %`
        : `${(actual * 1000).toFixed(1)} ms`;
  return `${held ? '✓' : '✗'} ${threshold.metric} ${threshold.expression}: ${shown}`;
}
