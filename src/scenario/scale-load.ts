// The load profile at the drill's time scale: how long things last (stages, session
// lifetimes, start offsets) shrinks with the rule windows; rates, heartbeats and
// protocol timeouts do not, since they are properties of the clients, not of the runbook.

import type { LifetimePlan, LoadProfile, ScenarioPlan } from '../load/profile/profile-types.js';

const scaled = (ms: number, factor: number) => Math.max(1, Math.round(ms * factor));

function scaleLifetime(lifetime: LifetimePlan, factor: number): LifetimePlan {
  switch (lifetime.kind) {
    case 'fixed':
      return { kind: 'fixed', durationMs: scaled(lifetime.durationMs, factor) };
    case 'uniform':
      return {
        kind: 'uniform',
        minMs: scaled(lifetime.minMs, factor),
        maxMs: scaled(lifetime.maxMs, factor),
      };
    case 'exponential':
      return {
        kind: 'exponential',
        meanMs: scaled(lifetime.meanMs, factor),
        maxMs: scaled(lifetime.maxMs, factor),
      };
  }
}

function scaleScenario(plan: ScenarioPlan, factor: number): ScenarioPlan {
  const common = {
    startTimeMs: Math.round(plan.startTimeMs * factor),
    gracefulStopMs: Math.round(plan.gracefulStopMs * factor),
    stages: plan.stages.map((stage) => ({
      ...stage,
      durationMs: scaled(stage.durationMs, factor),
    })),
    session: { ...plan.session, lifetime: scaleLifetime(plan.session.lifetime, factor) },
  };
  return plan.model === 'closed'
    ? { ...plan, ...common, gracefulRampDownMs: Math.round(plan.gracefulRampDownMs * factor) }
    : { ...plan, ...common };
}

export function scaleLoadProfile(profile: LoadProfile, factor: number): LoadProfile {
  if (factor === 1) return profile;
  return { ...profile, scenarios: profile.scenarios.map((plan) => scaleScenario(plan, factor)) };
}
