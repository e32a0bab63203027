// A label set as PromQL writes it, `{job="x", instance="y"}`, for messages and reports.

export function labelsText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
}
