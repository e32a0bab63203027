// The published server is Go, so its knobs are written in Go's syntax: durations like
// `300s`/`1m30s` (time.ParseDuration) and GOMEMLIMIT sizes like `512MiB`. Operators copy
// values from the runbook, so we accept exactly those spellings.

const durationUnitsMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds in a Go duration (`300s`, `1m30s`, `1.5h`, `250ms`, `0`); null when it is not one. */
export function parseGoDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let offset = 0;
  while (offset < trimmed.length) {
    part.lastIndex = offset;
    const match = part.exec(trimmed);
    if (!match) return null;
    total += Number(match[1]) * durationUnitsMs[match[2]!]!;
    offset = part.lastIndex;
  }
  return offset === 0 ? null : total;
}

const byteUnits: Record<string, number> = {
  '': 1,
  B: 1,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
};

/** Bytes in a GOMEMLIMIT value (`1GiB`, `512MiB`, `1073741824`); `off` is null; undefined when invalid. */
export function parseGoBytes(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === 'off') return null;
  const match = /^(\d+)(B|KiB|MiB|GiB|TiB)?$/.exec(trimmed);
  if (!match) return undefined;
  return Number(match[1]) * byteUnits[match[2] ?? '']!;
}

/** `1GiB`, `512MiB`, `1.5KiB`: the largest binary unit that keeps the number ≥ 1. */
export function formatBytes(bytes: number): string {
  for (const unit of ['TiB', 'GiB', 'MiB', 'KiB']) {
    const size = byteUnits[unit]!;
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))}${unit}`;
  }
  return `${bytes}B`;
}

/**
 * A duration as Go's time.Duration.String() prints it (`7.5s`, `1m0s`, `512.25ms`), so the
 * published server's log lines read the same from this target.
 */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(ms * 1e6);
  const sign = ns < 0 ? '-' : '';
  ns = Math.abs(ns);
  if (ns === 0) return '0s';
  // `digits` decimal places of `value`, trailing zeros dropped as Go drops them.
  const fixed = (value: number, digits: number) => {
    const scale = 10 ** digits;
    const fraction = String(value % scale)
      .padStart(digits, '0')
      .replace(/0+$/, '');
    return `${Math.floor(value / scale)}${fraction === '' ? '' : `.${fraction}`}`;
  };
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${fixed(ns, 3)}µs`;
  if (ns < 1e9) return `${sign}${fixed(ns, 6)}ms`;
  const hours = Math.floor(ns / 3.6e12);
  const minutes = Math.floor(ns / 6e10) % 60;
  const seconds = fixed(ns % 6e10, 9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  return minutes > 0 ? `${sign}${minutes}m${seconds}s` : `${sign}${seconds}s`;
}
