// Prometheus duration strings (`1h30m`, `5m`, `250ms`, `2w`), as its model.ParseDuration
// reads them: units from largest to smallest, each at most once, whole numbers only.

const MS = 1;
const SECOND = 1000 * MS;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const YEAR = 365 * DAY;

/** Largest first, the order Prometheus requires them in. */
const UNITS = [
  ['y', YEAR],
  ['w', WEEK],
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', SECOND],
  ['ms', MS],
] as const;

export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

/** Milliseconds in a Prometheus duration string; throws DurationError naming what was wrong. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  if (text === '') throw new DurationError('expected a duration like "5m", got an empty string');
  let total = 0;
  let at = 0;
  let nextUnit = 0; // index into UNITS: units must come largest first, each once
  while (at < text.length) {
    const digitsStart = at;
    while (at < text.length && isDigit(text[at]!)) at++;
    if (at === digitsStart) throw notADuration(text);
    const count = Number(text.slice(digitsStart, at));
    const unitIndex = UNITS.findIndex(
      ([unit], index) =>
        index >= nextUnit && text.startsWith(unit, at) && !continuesUnit(text, at, unit),
    );
    if (unitIndex < 0) throw notADuration(text);
    const [unit, size] = UNITS[unitIndex]!;
    total += count * size;
    at += unit.length;
    nextUnit = unitIndex + 1;
  }
  if (!Number.isSafeInteger(total)) throw new DurationError(`duration "${text}" is too large`);
  return total;
}

/** True when `text` is a duration Prometheus accepts. */
export function isDuration(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The shortest exact duration string for a whole number of milliseconds: `90s` rather than
 * `1m30s`, `1h` rather than `60m`. Ties go to the larger units (`1w` over `7d`).
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new DurationError(`expected a whole, non-negative number of milliseconds, got ${ms}`);
  }
  if (ms === 0) return '0s';
  return shortest(ms, 0) ?? `${ms}ms`;
}

/**
 * A duration multiplied by the time-scale factor, rounded to the nearest millisecond (halves
 * up) and never below 1 ms unless it was zero: Prometheus cannot express less.
 */
export function scaleDuration(ms: number, factor: number): number {
  assertFactor(factor);
  if (ms === 0) return 0;
  return Math.max(1, Math.round(ms * factor));
}

/** `scaleDuration` on duration strings: `scaleDurationText("5m", 0.1)` is `"30s"`. */
export function scaleDurationText(text: string, factor: number): string {
  return formatDuration(scaleDuration(parseDuration(text), factor));
}

export function assertFactor(factor: number): void {
  if (!Number.isFinite(factor) || factor <= 0) {
    throw new RangeError(`expected a time-scale factor above 0 (like 0.1), got ${factor}`);
  }
}

// Each unit is either left out or takes its largest whole count; of those candidates the
// shortest text wins. Intermediate counts only move digits to smaller units, never shorter.
function shortest(ms: number, from: number): string | undefined {
  if (ms === 0) return '';
  if (from >= UNITS.length) return undefined;
  const [unit, size] = UNITS[from]!;
  let best: string | undefined;
  const count = Math.floor(ms / size);
  if (count > 0) {
    const rest = shortest(ms - count * size, from + 1);
    if (rest !== undefined) best = `${count}${unit}${rest}`;
  }
  const without = shortest(ms, from + 1);
  if (without !== undefined && (best === undefined || without.length < best.length)) best = without;
  return best;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

// `m` must not swallow the `m` of `ms`.
function continuesUnit(text: string, at: number, unit: string): boolean {
  return unit === 'm' && text[at + 1] === 's';
}

function notADuration(text: string): DurationError {
  return new DurationError(
    `expected a duration like "5m" or "1h30m" (units y, w, d, h, m, s, ms, largest first), got "${text}"`,
  );
}
