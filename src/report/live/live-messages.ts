// What the live page receives: each drill event as it happened, plus what it changes on
// the chart, worked out here with the report's own chart model so the page and
// report.html shade and mark the same things the same way.

import type { DrillEvent } from '../../result/events.js';
import type { StepName } from '../../result/run-result.js';
import {
  type ChartBand,
  type ChartMarker,
  type ChartModel,
  type ChartPoint,
  chartModel,
  chartPoint,
  markerLabel,
  secondsSince,
  STEP_BAND,
} from '../html/chart-model.js';

export type ChartUpdate =
  | { scenario: string; init: ChartModel }
  | { scenario: string; point: ChartPoint }
  | { scenario: string; bandStart: ChartBand }
  | { scenario: string; bandEnd: { step: StepName; to: number } }
  | { scenario: string; marker: ChartMarker }
  /** The drill's final model, as report.html will draw it. */
  | { scenario: string; final: ChartModel };

export interface LiveMessage {
  event: DrillEvent;
  chart?: ChartUpdate;
}

/** Turns events into live messages; keeps each drill's time origin. */
export class LiveChartState {
  private readonly origins = new Map<string, number>();
  private readonly fromSamples = new Set<string>();

  /** `thresholds`: each scenario's alert threshold (percent), known from the plan. */
  constructor(
    private readonly thresholds: Readonly<Record<string, number>> = {},
    private readonly now: () => number = Date.now,
  ) {}

  message(event: DrillEvent): LiveMessage {
    const chart = this.chartUpdate(event);
    return chart ? { event, chart } : { event };
  }

  private chartUpdate(event: DrillEvent): ChartUpdate | null {
    switch (event.type) {
      case 'drill-start': {
        const { scenario } = event;
        this.origins.set(scenario, this.now());
        this.fromSamples.delete(scenario);
        const threshold = this.thresholds[scenario] ?? null;
        return { scenario, init: { scenario, threshold, points: [], bands: [], markers: [] } };
      }
      case 'sample': {
        // A point's elapsedMs is measured from the drill's own start: the exact origin.
        if (!this.fromSamples.has(event.scenario)) {
          this.origins.set(event.scenario, Date.parse(event.point.t) - event.point.elapsedMs);
          this.fromSamples.add(event.scenario);
        }
        return { scenario: event.scenario, point: chartPoint(event.point) };
      }
      case 'phase': {
        if (event.step === 'setup' || event.step === 'teardown') return null;
        const band = STEP_BAND[event.step];
        if (!band) return null;
        const from = this.seconds(event.scenario, event.at);
        return { scenario: event.scenario, bandStart: { step: event.step, band, from, to: null } };
      }
      case 'step-end': {
        if (!STEP_BAND[event.step.name]) return null;
        const to = this.seconds(event.scenario, event.step.endedAt);
        return { scenario: event.scenario, bandEnd: { step: event.step.name, to } };
      }
      case 'marker': {
        const label = markerLabel(event.marker);
        if (!label) return null;
        const x = this.seconds(event.scenario, event.at);
        return { scenario: event.scenario, marker: { marker: event.marker, label, x } };
      }
      case 'drill-end':
        return { scenario: event.result.scenario, final: chartModel(event.result) };
      default:
        return null;
    }
  }

  private seconds(scenario: string, iso: string): number {
    return secondsSince(this.origins.get(scenario) ?? Date.parse(iso), iso);
  }
}
