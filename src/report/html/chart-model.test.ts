import { describe, expect, it } from 'vitest';
import { sampleDrill } from '../../../test/report/support/sample-run.js';
import { chartModel, chartPoint } from './chart-model.js';

describe('chartModel', () => {
  const model = chartModel(sampleDrill());

  it('puts every point at its seconds since the drill started, null for no value', () => {
    expect(model.points.map((p) => p.x)).toEqual([10, 20, 45, 60, 80, 98]);
    expect(model.points[4]).toMatchObject({ server: null, client: 2 });
    expect(model.threshold).toBe(0.5);
  });

  it('shades baseline, fault (inject and expect), remediation, verification and rollback', () => {
    expect(model.bands.map((b) => [b.band, b.from, b.to])).toEqual([
      ['baseline', 10, 40],
      ['fault', 40, 40],
      ['fault', 40, 72],
      ['remediation', 72, 72],
      ['verification', 72, 99],
      ['rollback', 99, 100],
    ]);
  });

  it('draws the six markers in the order a drill reaches them, not rollbackDone', () => {
    expect(model.markers.map((m) => [m.marker, m.x])).toEqual([
      ['faultApplied', 40],
      ['alertPending', 42],
      ['alertFiring', 72],
      ['remediationApplied', 72.1],
      ['verificationPassed', 99],
      ['alertResolved', 99.2],
    ]);
  });

  it('leaves out markers a failed drill never reached', () => {
    const drill = sampleDrill();
    drill.markers = { faultApplied: drill.markers.faultApplied! };
    expect(chartModel(drill).markers.map((m) => m.marker)).toEqual(['faultApplied']);
  });
});

describe('chartPoint', () => {
  it('turns NaN and infinities into gaps', () => {
    const point = chartPoint({
      t: '2026-01-01T10:00:01.000Z',
      elapsedMs: 1500,
      phase: 'expect',
      serverDropRate: Number.NaN,
      clientDropRate: Number.POSITIVE_INFINITY,
      alertState: 'pending',
    });
    expect(point).toEqual({ x: 1.5, server: null, client: null, alert: 'pending' });
  });
});
