import { describe, expect, it } from 'vitest';
import type { DrillEvent } from '../../result/events.js';
import { sampleDrill } from '../../../test/report/support/sample-run.js';
import { LiveChartState } from './live-messages.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const scenario = 'fd-exhaustion';

describe('LiveChartState', () => {
  it('starts each drill with an empty chart and the threshold from its plan', () => {
    const state = new LiveChartState({ [scenario]: 0.5 }, () => T0);
    const message = state.message({
      type: 'drill-start',
      scenario,
      description: 'd',
      theoreticalMinimumMs: 1,
    });
    expect(message.chart).toEqual({
      scenario,
      init: { scenario, threshold: 0.5, points: [], bands: [], markers: [] },
    });
    const unknown = new LiveChartState({}, () => T0).message({
      type: 'drill-start',
      scenario,
      description: 'd',
      theoreticalMinimumMs: 1,
    });
    expect(unknown.chart).toMatchObject({ init: { threshold: null } });
  });

  it('places phases and markers in seconds since the drill started, as the report does', () => {
    // The process clock at drill-start is 3 s late; the first sample gives the exact origin.
    const state = new LiveChartState({}, () => T0 + 3000);
    const events: DrillEvent[] = [
      { type: 'drill-start', scenario, description: 'd', theoreticalMinimumMs: 1 },
      {
        type: 'sample',
        scenario,
        point: {
          t: at(8),
          elapsedMs: 8000,
          phase: 'preflight',
          serverDropRate: 0,
          clientDropRate: null,
          alertState: 'inactive',
        },
      },
      { type: 'phase', scenario, step: 'setup', title: 'starting the stack', at: at(1) },
      { type: 'phase', scenario, step: 'preflight', title: 'preflight', at: at(8) },
      { type: 'phase', scenario, step: 'baseline', title: 'baseline', boundMs: 30_000, at: at(10) },
      { type: 'step-end', scenario, step: sampleDrill().steps[1]! },
      { type: 'marker', scenario, marker: 'alertFiring', at: at(72) },
      { type: 'marker', scenario, marker: 'rollbackDone', at: at(100) },
      { type: 'log', scenario, message: 'x', at: at(1) },
    ];
    const charts = events.map((e) => state.message(e).chart ?? null);
    expect(charts.slice(1)).toEqual([
      { scenario, point: { x: 8, server: 0, client: null, alert: 'inactive' } },
      null,
      null,
      { scenario, bandStart: { step: 'baseline', band: 'baseline', from: 10, to: null } },
      { scenario, bandEnd: { step: 'baseline', to: 40 } },
      { scenario, marker: { marker: 'alertFiring', label: 'alert firing', x: 72 } },
      null,
      null,
    ]);
  });

  it('ends a drill with the final model report.html draws', () => {
    const drill = sampleDrill();
    const message = new LiveChartState().message({ type: 'drill-end', result: drill });
    expect(message.chart).toMatchObject({ scenario, final: { threshold: 0.5 } });
    expect(message.event.type).toBe('drill-end');
  });
});
