// k6's shortcuts (`vus`+`duration`, `stages`) and our arrival-rate ones (`rate`+`duration`,
// `startRate`+`stages`) mapped onto an executor, with conflicting fields rejected.

import type { ExecutorName } from './profile-types.js';

type Fields = Record<string, unknown>;

export const SHORTCUT_HINT =
  'expected a scenario: vus+duration, stages, rate+duration, startRate+stages, an executor, or scenarios';

/** k6's shortcuts (and our `rate` ones) mapped onto an executor; conflicts rejected. */
export function shortcutToScenario(
  fields: Fields,
  problems: string[],
): { scenario: Fields; uncapped: boolean } | undefined {
  if ('executor' in fields) return { scenario: fields, uncapped: false };
  const has = (key: string) => fields[key] !== undefined;
  const conflict = (a: string, b: string, why: string) => {
    if (has(a) && has(b)) problems.push(`"${a}" and "${b}" conflict: ${why}`);
    return has(a) && has(b);
  };
  const closedOnly = ['vus', 'startVUs', 'gracefulRampDown'];
  const openOnly = ['timeUnit', 'preAllocatedVUs', 'maxVUs', 'arrivals'];

  let executor: ExecutorName;
  if (has('rate') || has('startRate')) {
    if (
      conflict(
        'rate',
        'startRate',
        'write rate+duration for a constant rate, or startRate+stages to ramp',
      )
    )
      return;
    if (conflict('rate', 'stages', 'for a ramping arrival rate write startRate and stages')) return;
    if (
      conflict('startRate', 'duration', 'a ramping arrival rate takes its duration from its stages')
    )
      return;
    const closed = closedOnly.filter(has);
    if (closed.length > 0) {
      problems.push(
        `"${closed[0]}" belongs to the closed model; an arrival rate uses preAllocatedVUs and maxVUs`,
      );
      return;
    }
    executor = has('rate') ? 'constant-arrival-rate' : 'ramping-arrival-rate';
  } else if (has('stages') || has('vus') || has('duration')) {
    if (conflict('stages', 'duration', 'the stages already set the duration (k6 rejects this too)'))
      return;
    if (conflict('vus', 'startVUs', 'with stages, "vus" is the starting VU count; give only one'))
      return;
    const open = openOnly.filter(has);
    if (open.length > 0) {
      problems.push(
        `"${open[0]}" belongs to an arrival-rate scenario; add "rate" or "startRate", or drop it`,
      );
      return;
    }
    executor = has('stages') ? 'ramping-vus' : 'constant-vus';
  } else {
    problems.push(SHORTCUT_HINT);
    return;
  }

  const scenario: Fields = { executor, ...fields };
  if (executor === 'ramping-vus' && has('vus')) {
    scenario.startVUs = fields.vus;
    delete scenario.vus;
  }
  // The `rate` shortcut has no VU pool unless one is given: no cap on concurrent sessions.
  const uncapped = executor.endsWith('arrival-rate') && !has('preAllocatedVUs') && !has('maxVUs');
  if (uncapped) scenario.preAllocatedVUs = 0;
  return { scenario, uncapped };
}
