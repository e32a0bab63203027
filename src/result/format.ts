// How durations and drop rates read in every message and report: one way, everywhere.

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatRate(value: number | null): string {
  return value === null ? 'no data' : `${value.toFixed(2)} %`;
}
