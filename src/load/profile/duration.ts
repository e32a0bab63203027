// k6-style durations ("250ms", "30s", "1m30s", "1.5h", "2d") as milliseconds, so
// profiles read like the k6 options their authors already know.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h|d)/y;

/** Milliseconds for a duration string, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const source = text.trim();
  if (source === '') return undefined;
  if (source === '0') return 0;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < source.length) {
    const at = PART.lastIndex;
    const match = PART.exec(source);
    if (!match || match.index !== at) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return Math.round(total);
}

/** "1m30s" for 90000: the shortest form parseDuration reads back to the same value. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let text = '';
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return rest > 0 ? `${text}${rest}ms` : text;
}
