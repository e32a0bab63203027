// Reads /metrics the way Prometheus would: parsed with parse-prometheus-text-format,
// never with regular expressions.

import { createRequire } from 'node:module';

export interface MetricSample {
  value?: string;
  labels?: Record<string, string>;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}
export interface MetricFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: MetricSample[];
}

const parsePrometheusTextFormat = createRequire(import.meta.url)(
  'parse-prometheus-text-format',
) as (text: string) => MetricFamily[];

export async function scrape(metricsUrl: string): Promise<MetricFamily[]> {
  const response = await fetch(metricsUrl);
  if (!response.ok) throw new Error(`GET ${metricsUrl} answered ${response.status}`);
  return parseMetrics(await response.text());
}

/**
 * The library folds every label set of a histogram into one sample and drops its labels,
 * so histograms are read a second time with their TYPE line left out: their _bucket,
 * _sum and _count series then parse as plain series, labels intact, and are regrouped.
 */
export function parseMetrics(text: string): MetricFamily[] {
  const families = parsePrometheusTextFormat(text);
  const histograms = families.filter((f) => f.type === 'HISTOGRAM');
  if (histograms.length === 0) return families;
  const typeLines = new Set(histograms.map((f) => `# TYPE ${f.name} histogram`));
  const untyped = parsePrometheusTextFormat(
    text
      .split('\n')
      .filter((line) => !typeLines.has(line))
      .join('\n'),
  );
  for (const family of histograms) family.metrics = regroupHistogram(untyped, family.name);
  return families;
}

function regroupHistogram(untyped: MetricFamily[], name: string): MetricSample[] {
  const series = new Map<string, MetricSample>();
  const entryFor = (labels: Record<string, string> = {}) => {
    const { le: _le, ...rest } = labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    let entry = series.get(key);
    if (!entry) {
      entry = Object.keys(rest).length > 0 ? { labels: rest, buckets: {} } : { buckets: {} };
      series.set(key, entry);
    }
    return entry;
  };
  const samplesOf = (suffix: string) =>
    untyped.find((f) => f.name === `${name}${suffix}`)?.metrics ?? [];
  for (const sample of samplesOf('_bucket'))
    entryFor(sample.labels).buckets![sample.labels!.le!] = sample.value!;
  for (const sample of samplesOf('_sum')) entryFor(sample.labels).sum = sample.value;
  for (const sample of samplesOf('_count')) entryFor(sample.labels).count = sample.value;
  return [...series.values()];
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when absent. */
export function sampleValue(
  families: MetricFamily[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const family = families.find((f) => f.name === name);
  const sample = family?.metrics.find((m) =>
    Object.entries(labels).every(([key, value]) => m.labels?.[key] === value),
  );
  return sample?.value === undefined ? undefined : Number(sample.value);
}
