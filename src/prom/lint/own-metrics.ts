// Series Prometheus writes itself, not a target: absent, they say something about
// Prometheus (no alert active, no self-scrape, no target), never "the target does not
// export this". Names from Prometheus 2.42: ALERTS and ALERTS_FOR_STATE from the rule
// manager; up and scrape_* for every scrape; prometheus_* only where it scrapes itself.

const PER_SCRAPE = new Set([
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
  'scrape_timeout_seconds',
  'scrape_sample_limit',
  'scrape_body_size_bytes',
]);

/** What an absent metric that Prometheus writes itself means; undefined for a target's metric. */
export function ownMetricAbsence(metric: string): string | undefined {
  if (metric === 'ALERTS' || metric === 'ALERTS_FOR_STATE')
    return `${metric} is written by Prometheus's rule manager while an alert is pending or firing; no series means no alert is active now, not that a target lacks it`;
  if (PER_SCRAPE.has(metric))
    return `${metric} is written by Prometheus for every scrape; no series means this Prometheus scrapes no target yet`;
  if (metric.startsWith('prometheus_') || metric.startsWith('promhttp_'))
    return `${metric} is Prometheus's own metric; it has series only where Prometheus scrapes its own /metrics (a job for itself), which this one does not`;
  return undefined;
}
