// What the Prometheus HTTP API returns, as this project uses it: sample values as numbers
// (Prometheus sends them as strings so NaN and ±Inf survive JSON), times as Unix seconds.

export type Labels = Record<string, string>;

export interface Sample {
  labels: Labels;
  value: number;
  /** Unix seconds (fractional), as Prometheus reports evaluation times. */
  time: number;
}

export interface Series {
  labels: Labels;
  points: { time: number; value: number }[];
}

export type QueryResult =
  | { resultType: 'vector'; samples: Sample[] }
  | { resultType: 'matrix'; series: Series[] }
  | { resultType: 'scalar'; time: number; value: number }
  | { resultType: 'string'; time: number; value: string };

export type AlertInstanceState = 'inactive' | 'pending' | 'firing';

export interface AlertInstance {
  labels: Labels;
  annotations: Labels;
  state: AlertInstanceState;
  activeAt?: Date;
  value: number;
}

export interface AlertingRule {
  type: 'alerting';
  name: string;
  query: string;
  /** The rule's `for`, in seconds. */
  duration: number;
  labels: Labels;
  annotations: Labels;
  state: AlertInstanceState;
  alerts: AlertInstance[];
  health: string;
  lastError?: string;
  lastEvaluation?: Date;
}

export interface RecordingRule {
  type: 'recording';
  name: string;
  query: string;
  labels: Labels;
  health: string;
  lastError?: string;
  lastEvaluation?: Date;
}

export interface RuleGroup {
  name: string;
  file: string;
  /** Evaluation interval in seconds. */
  interval: number;
  rules: (AlertingRule | RecordingRule)[];
}

export interface ScrapeTarget {
  scrapePool: string;
  scrapeUrl: string;
  labels: Labels;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
  lastScrape?: Date;
}

/** Prometheus's string sample values: decimals, `NaN`, `+Inf`, `-Inf`. */
export function parseSampleValue(text: string): number {
  switch (text) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
  }
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) {
    throw new TypeError(
      `expected a Prometheus sample value like "0.5", "NaN" or "+Inf", got "${text}"`,
    );
  }
  return value;
}

/** Labels as PromQL writes them: `{instance_id="a", error_type="connection_dropped"}`. */
export function formatLabels(labels: Labels): string {
  const body = Object.entries(labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(', ');
  return `{${body}}`;
}
