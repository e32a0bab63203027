// Session lifetimes and reconnect delays, drawn from the seeded streams so a run can
// be repeated exactly.

import { RandomStream, type SeededRandom } from '../schedule/random.js';
import type { LifetimePlan, ReconnectPlan } from './profile-types.js';

/** The lifetime of session `attempt` of client `client` (a VU, or an arrival) in a scenario. */
export function drawLifetime(
  plan: LifetimePlan,
  random: SeededRandom,
  scenario: number,
  client: number,
  attempt: number,
): number {
  switch (plan.kind) {
    case 'fixed':
      return plan.durationMs;
    case 'uniform': {
      const u = random.uniform(RandomStream.lifetime, scenario, client, attempt);
      return Math.round(plan.minMs + u * (plan.maxMs - plan.minMs));
    }
    case 'exponential': {
      const u = random.uniform(RandomStream.lifetime, scenario, client, attempt);
      return Math.round(Math.min(plan.maxMs, -Math.log(u) * plan.meanMs));
    }
  }
}

/**
 * Delay before reconnect number `failures` (1 for the first drop in a row):
 * exponential growth capped at maxDelay, of which a `jitter` fraction is random.
 */
export function drawBackoff(
  plan: ReconnectPlan,
  failures: number,
  random: SeededRandom,
  scenario: number,
  client: number,
  attempt: number,
): number {
  const exponent = Math.max(0, failures - 1);
  const base = Math.min(plan.maxDelayMs, plan.initialDelayMs * plan.multiplier ** exponent);
  const u = random.uniform(RandomStream.backoffJitter, scenario, client, attempt);
  return Math.round(base * (1 - plan.jitter) + base * plan.jitter * u);
}
