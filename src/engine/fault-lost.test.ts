import { describe, expect, it } from 'vitest';
import type { TargetRestart } from '../result/run-result.js';
import type { DrillContext } from './drill-context.js';
import { faultNoLongerHolds } from './fault-lost.js';

function context(restarts: TargetRestart[]): DrillContext {
  return {
    markers: { faultApplied: '2026-12-07T12:00:00.000Z' },
    sampler: { target: { all: () => restarts } },
  } as unknown as DrillContext;
}

describe('a fault that no longer holds after a restart the drill did not make', () => {
  it('is named with when and why; a restart without a problem, or before the fault, is not', () => {
    const fine = {
      at: '2026-12-07T12:00:40.000Z',
      by: 'not the drill' as const,
      how: 'pid 2 listens',
    };
    const before = { ...fine, at: '2026-12-07T11:59:00.000Z', problem: 'x' };
    expect(faultNoLongerHolds(context([fine, before]))).toBeNull();
    const lost = { ...fine, problem: 'a fault could not follow the new process: EACCES' };
    expect(faultNoLongerHolds(context([fine, lost]))).toBe(
      "the fault no longer holds: at 2026-12-07T12:00:40.000Z pid 2 listens (a fault could not follow the new process: EACCES), so a recovery from then on would not be the remediation's",
    );
  });
});
