// The four outcomes every step and drill ends in (DESIGN.md): never a bare boolean.
//   pass    the check held, for a real reason
//   fail    the system under test or its alerting misbehaved
//   no-data a query or series the step depends on returned nothing: never a pass
//   error   the framework or its stack broke

export type Outcome = 'pass' | 'fail' | 'no-data' | 'error';

const severity: Record<Outcome, number> = { pass: 0, 'no-data': 1, fail: 2, error: 3 };

/** The worst of several outcomes: an infrastructure error outranks a failure. */
export function worstOutcome(outcomes: Iterable<Outcome>): Outcome {
  let worst: Outcome = 'pass';
  for (const outcome of outcomes) if (severity[outcome] > severity[worst]) worst = outcome;
  return worst;
}
