// When sessions start. Closed model: how many VUs should be running at a moment
// (k6's ramping-vus steps). Open model: the moment of each arrival, from the rate
// ramped linearly through the stages (k6's ramping-arrival-rate).

import { RandomStream, type SeededRandom } from './random.js';
import type { ClosedScenarioPlan, OpenScenarioPlan, StagePlan } from '../profile/profile-types.js';

export function scenarioDurationMs(plan: { stages: StagePlan[] }): number {
  return plan.stages.reduce((total, stage) => total + stage.durationMs, 0);
}

/**
 * VUs wanted `elapsedMs` into the scenario. Within a stage the count moves one VU at a
 * time at evenly spaced moments, reaching the stage's target at its end, as k6 does.
 */
export function vusAt(plan: ClosedScenarioPlan, elapsedMs: number): number {
  let from = plan.startVUs;
  let stageStart = 0;
  for (const stage of plan.stages) {
    const end = stageStart + stage.durationMs;
    if (elapsedMs < end) {
      const fraction = (elapsedMs - stageStart) / stage.durationMs;
      return from + Math.trunc((stage.target - from) * fraction);
    }
    from = stage.target;
    stageStart = end;
  }
  return from;
}

/**
 * Arrival times (ms from the scenario start), in order. Arrival i happens when the
 * integral of the rate reaches i + ½ (`even`: evenly spaced mid-interval, so a
 * constant 10/s for 1 s gives exactly 10), or a running sum of unit exponential draws
 * (`poisson`). The expected count is the integral of the rate over all stages.
 */
export class ArrivalSchedule {
  private index = 0;
  private stage = 0;
  private stageStartMs = 0;
  private countBeforeStage = 0;
  private fromRate: number;
  private cumulative = 0;

  constructor(
    private readonly plan: OpenScenarioPlan,
    private readonly random: SeededRandom,
    private readonly scenarioIndex: number,
  ) {
    this.fromRate = plan.startRate / plan.timeUnitMs;
  }

  /** The index the next call to next() returns a time for. */
  get nextIndex(): number {
    return this.index;
  }

  /** Time of the next arrival, or undefined when the stages are over. */
  next(): number | undefined {
    const step =
      this.plan.arrivals === 'poisson'
        ? -Math.log(this.random.uniform(RandomStream.arrivals, this.scenarioIndex, this.index))
        : this.index === 0
          ? 0.5
          : 1;
    this.cumulative += step;
    const at = this.timeOfCount(this.cumulative);
    if (at !== undefined) this.index++;
    return at;
  }

  private timeOfCount(count: number): number | undefined {
    const { stages, timeUnitMs } = this.plan;
    while (this.stage < stages.length) {
      const stage = stages[this.stage]!;
      const toRate = stage.target / timeUnitMs;
      const inStage = ((this.fromRate + toRate) / 2) * stage.durationMs;
      const wanted = count - this.countBeforeStage;
      if (inStage > 0 && wanted <= inStage) {
        // Solve r0·t + (r1−r0)/(2D)·t² = wanted in the form that stays stable as r1 → r0.
        const a = (toRate - this.fromRate) / (2 * stage.durationMs);
        const b = this.fromRate;
        const t = (2 * wanted) / (b + Math.sqrt(Math.max(0, b * b + 4 * a * wanted)));
        return this.stageStartMs + Math.min(t, stage.durationMs);
      }
      this.countBeforeStage += inStage;
      this.stageStartMs += stage.durationMs;
      this.fromRate = toRate;
      this.stage++;
    }
    return undefined;
  }
}
