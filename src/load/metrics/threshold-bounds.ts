// A threshold that no run can cross (`rate<150%`, `rate>=0`) or that every run crosses
// (`rate>1`, `avg<0`) judges nothing: it is refused when parsed, saying which it is.

/** What the metric's value can be: a rate is a fraction, a trend is seconds. */
const DOMAIN = {
  rate: { low: 0, high: 1, said: 'a rate bound must be within [0,1] or 0–100 %' },
  trend: { low: 0, high: Infinity, said: 'a time bound must be 0 seconds or more' },
} as const;

export type BoundKind = keyof typeof DOMAIN;
type Operator = '<=' | '>=' | '==' | '!=' | '<' | '>';

/** Why `expression` can never tell one run from another, or null when it can. */
export function boundProblem(
  kind: BoundKind,
  operator: Operator,
  value: number,
  expression: string,
): string | null {
  if (!Number.isFinite(value)) return `${expression}: expected a finite number, got ${value}`;
  const { low, high, said } = DOMAIN[kind];
  const verdict = alwaysOrNever(operator, value, low, high);
  if (verdict === null) return null;
  const outside = value < low || value > high ? `${said}; ` : '';
  return verdict === 'always'
    ? `${expression} holds for every run (${outside}it could never fail); expected a bound a run can cross`
    : `${expression} fails every run (${outside}it could never hold); expected a bound a run can meet`;
}

/** Whether `x <op> value` is true for every x in [low, high], for none, or depends (null). */
function alwaysOrNever(
  operator: Operator,
  value: number,
  low: number,
  high: number,
): 'always' | 'never' | null {
  switch (operator) {
    case '<':
      return value > high ? 'always' : value <= low ? 'never' : null;
    case '<=':
      return value >= high ? 'always' : value < low ? 'never' : null;
    case '>':
      return value < low ? 'always' : value >= high ? 'never' : null;
    case '>=':
      return value <= low ? 'always' : value > high ? 'never' : null;
    case '==':
      return value < low || value > high ? 'never' : null;
    case '!=':
      return value < low || value > high ? 'always' : null;
  }
}
