// What the drop-rate chart shows, in seconds since the drill started: the two rates,
// the threshold, the shaded phases and the markers. The static report builds it from a
// DrillResult; the live view builds the same pieces from events as they arrive.

import type { DrillResult, MarkerName, StepName, TimelinePoint } from '../../result/run-result.js';

export type BandName = 'baseline' | 'fault' | 'remediation' | 'verification' | 'rollback';

/** Which shaded phase a step belongs to; the fault stays shaded while the alert is awaited. */
export const STEP_BAND: Partial<Record<StepName, BandName>> = {
  baseline: 'baseline',
  inject: 'fault',
  expect: 'fault',
  page: 'fault',
  remediate: 'remediation',
  verify: 'verification',
  'resolved-page': 'verification',
  rollback: 'rollback',
};

/** The markers the chart draws, in the order a drill reaches them. */
export const CHART_MARKERS: readonly { marker: MarkerName; label: string }[] = [
  { marker: 'faultApplied', label: 'fault applied' },
  { marker: 'alertPending', label: 'alert pending' },
  { marker: 'alertFiring', label: 'alert firing' },
  { marker: 'pageSent', label: 'page sent' },
  { marker: 'remediationApplied', label: 'remediation applied' },
  { marker: 'verificationPassed', label: 'verification passed' },
  { marker: 'alertResolved', label: 'alert resolved' },
  { marker: 'pageResolved', label: 'resolved notification' },
  { marker: 'aborted', label: 'aborted' },
];

export interface ChartPoint {
  /** Seconds since the drill started. */
  x: number;
  /** Drop rates in percent; null = no value. */
  server: number | null;
  client: number | null;
  alert: string;
}

export interface ChartBand {
  step: StepName;
  band: BandName;
  from: number;
  /** null while the step is still running (live view). */
  to: number | null;
}

export interface ChartMarker {
  marker: MarkerName;
  label: string;
  x: number;
}

export interface ChartModel {
  scenario: string;
  /** The alert's threshold, percent; null while the live view does not know it yet. */
  threshold: number | null;
  points: ChartPoint[];
  bands: ChartBand[];
  markers: ChartMarker[];
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/** Seconds between the drill's start and an ISO time. */
export function secondsSince(originMs: number, iso: string): number {
  return seconds(Date.parse(iso) - originMs);
}

/** A timeline point in chart terms; its own elapsedMs is relative to the drill start. */
export function chartPoint(point: TimelinePoint): ChartPoint {
  return {
    x: seconds(point.elapsedMs),
    server: finiteOrNull(point.serverDropRate),
    client: finiteOrNull(point.clientDropRate),
    alert: point.alertState,
  };
}

export function markerLabel(marker: MarkerName): string | null {
  return CHART_MARKERS.find((m) => m.marker === marker)?.label ?? null;
}

export function chartModel(drill: DrillResult): ChartModel {
  const origin = Date.parse(drill.startedAt);
  const bands: ChartBand[] = [];
  for (const step of drill.steps) {
    const band = STEP_BAND[step.name];
    if (!band) continue;
    bands.push({
      step: step.name,
      band,
      from: secondsSince(origin, step.startedAt),
      to: secondsSince(origin, step.endedAt),
    });
  }
  const markers: ChartMarker[] = [];
  for (const { marker, label } of CHART_MARKERS) {
    const at = drill.markers[marker];
    if (at) markers.push({ marker, label, x: secondsSince(origin, at) });
  }
  return {
    scenario: drill.scenario,
    threshold: drill.plan.threshold,
    points: drill.timeline.map(chartPoint),
    bands,
    markers,
  };
}

function finiteOrNull(value: number | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
