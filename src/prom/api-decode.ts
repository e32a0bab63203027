// Decoding Prometheus API payloads into api-types, checking their shape on the way so a
// proxy or wrong port answering with something else is reported, not half-read.

import { z } from 'zod';
import { parseSampleValue } from './api-types.js';
import type {
  AlertInstance,
  AlertingRule,
  Labels,
  QueryResult,
  RecordingRule,
  RuleGroup,
  ScrapeTarget,
  Series,
} from './api-types.js';

const labels = z.record(z.string());
const point = z.tuple([z.number(), z.string()]);

const vector = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: labels, value: point })),
});
const matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels, values: z.array(point) })),
});
const scalarOrString = z.object({ resultType: z.enum(['scalar', 'string']), result: point });
const queryData = z.discriminatedUnion('resultType', [vector, matrix, scalarOrString]);

const alert = z.object({
  labels,
  annotations: labels.default({}),
  state: z.enum(['inactive', 'pending', 'firing']),
  activeAt: z.string().optional(),
  value: z.string(),
});

const ruleCommon = {
  name: z.string(),
  query: z.string(),
  labels: labels.optional(),
  health: z.string(),
  lastError: z.string().optional(),
  lastEvaluation: z.string().optional(),
};
const rule = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('alerting'),
    ...ruleCommon,
    duration: z.number(),
    annotations: labels.optional(),
    state: z.enum(['inactive', 'pending', 'firing']),
    alerts: z.array(alert).nullable().default([]),
  }),
  z.object({ type: z.literal('recording'), ...ruleCommon }),
]);
const rulesData = z.object({
  groups: z.array(
    z.object({ name: z.string(), file: z.string(), interval: z.number(), rules: z.array(rule) }),
  ),
});

const targetsData = z.object({
  activeTargets: z.array(
    z.object({
      scrapePool: z.string(),
      scrapeUrl: z.string(),
      labels,
      health: z.enum(['up', 'down', 'unknown']),
      lastError: z.string(),
      lastScrape: z.string().optional(),
    }),
  ),
});

export function decodeQueryResult(data: unknown): QueryResult {
  const parsed = queryData.parse(data);
  switch (parsed.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        samples: parsed.result.map(({ metric, value: [time, value] }) => ({
          labels: metric,
          time,
          value: parseSampleValue(value),
        })),
      };
    case 'matrix':
      return { resultType: 'matrix', series: decodeMatrix(parsed.result) };
    case 'scalar':
      return {
        resultType: 'scalar',
        time: parsed.result[0],
        value: parseSampleValue(parsed.result[1]),
      };
    case 'string':
      return { resultType: 'string', time: parsed.result[0], value: parsed.result[1] };
  }
}

export function decodeMatrixData(data: unknown): Series[] {
  return decodeMatrix(matrix.parse(data).result);
}

export function decodeSeriesData(data: unknown): Labels[] {
  return z.array(labels).parse(data);
}

export function decodeAlertsData(data: unknown): AlertInstance[] {
  return z
    .object({ alerts: z.array(alert) })
    .parse(data)
    .alerts.map(decodeAlert);
}

export function decodeRulesData(data: unknown): RuleGroup[] {
  return rulesData.parse(data).groups.map((group) => ({
    name: group.name,
    file: group.file,
    interval: group.interval,
    rules: group.rules.map(decodeRule),
  }));
}

export function decodeTargetsData(data: unknown): ScrapeTarget[] {
  return targetsData.parse(data).activeTargets.map((target) => ({
    scrapePool: target.scrapePool,
    scrapeUrl: target.scrapeUrl,
    labels: target.labels,
    health: target.health,
    lastError: target.lastError,
    lastScrape: optionalDate(target.lastScrape),
  }));
}

function decodeMatrix(result: z.infer<typeof matrix>['result']): Series[] {
  return result.map(({ metric, values }) => ({
    labels: metric,
    points: values.map(([time, value]) => ({ time, value: parseSampleValue(value) })),
  }));
}

function decodeAlert(raw: z.infer<typeof alert>): AlertInstance {
  return {
    labels: raw.labels,
    annotations: raw.annotations,
    state: raw.state,
    activeAt: optionalDate(raw.activeAt),
    value: parseSampleValue(raw.value),
  };
}

function decodeRule(raw: z.infer<typeof rule>): AlertingRule | RecordingRule {
  const common = {
    name: raw.name,
    query: raw.query,
    labels: raw.labels ?? {},
    health: raw.health,
    lastError: raw.lastError || undefined,
    lastEvaluation: optionalDate(raw.lastEvaluation),
  };
  if (raw.type === 'recording') return { type: 'recording', ...common };
  return {
    type: 'alerting',
    ...common,
    duration: raw.duration,
    annotations: raw.annotations ?? {},
    state: raw.state,
    alerts: (raw.alerts ?? []).map(decodeAlert),
  };
}

// Go's zero time (year 1) means "never".
function optionalDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() <= 1 ? undefined : date;
}
