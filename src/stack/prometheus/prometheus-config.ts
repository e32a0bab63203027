// The Prometheus configuration a drill runs with: scrape the target and the load
// generator at the plan's interval, evaluate the (time-scaled) rules.

import { stringify } from 'yaml';

export interface ScrapeJob {
  job: string;
  /** A full metrics URL, e.g. http://127.0.0.1:41234/metrics */
  url: string;
}

export interface PrometheusConfigInput {
  scrapeIntervalMs: number;
  evaluationIntervalMs: number;
  ruleFiles: string[];
  jobs: ScrapeJob[];
  /** Alertmanagers to send alerts to, as host:port. */
  alertmanagers?: string[];
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function prometheusConfig(input: PrometheusConfigInput): string {
  const scrapeTimeout = Math.min(input.scrapeIntervalMs, 10_000);
  return stringify({
    global: {
      scrape_interval: seconds(input.scrapeIntervalMs),
      scrape_timeout: seconds(scrapeTimeout),
      evaluation_interval: seconds(input.evaluationIntervalMs),
    },
    rule_files: input.ruleFiles,
    ...(input.alertmanagers?.length
      ? { alerting: { alertmanagers: [{ static_configs: [{ targets: input.alertmanagers }] }] } }
      : {}),
    scrape_configs: input.jobs.map(({ job, url }) => {
      const parsed = new URL(url);
      return {
        job_name: job,
        scheme: parsed.protocol.replace(':', ''),
        metrics_path: parsed.pathname || '/metrics',
        static_configs: [{ targets: [parsed.host] }],
      };
    }),
  });
}
