// Reads each applied fault's effect (fault-effect.ts) while the drill waits for the alert:
// at once, then every few seconds, each reading bounded, one round at a time. What it
// keeps per fault: whether any reading showed the mechanism engaged, and the last one.

import type { AppliedAction } from '../faults/action.js';
import type { FaultEffect } from '../faults/fault-effect.js';
import type { DrillStack } from '../stack/drill-stack.js';
import { withDeadline } from '../bounds.js';

export interface AppliedFault {
  type: string;
  applied: AppliedAction;
  effect?: FaultEffect;
}

export interface EffectRecord {
  type: string;
  what: string;
  /** true once a reading showed it engaged; false when readings said no and none said yes. */
  engaged: boolean | null;
  last: string;
  readings: number;
}

const READ_BOUND_MS = 5000;

export class EffectWatch {
  private readonly records: EffectRecord[];
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly faults: readonly AppliedFault[],
    private readonly context: { stack: DrillStack; shared: ReadonlyMap<string, unknown> },
    private readonly everyMs: number,
  ) {
    this.records = faults.map((f) => ({
      type: f.type,
      what: f.effect?.what ?? '',
      engaged: null,
      last: f.effect ? 'not read yet' : '',
      readings: 0,
    }));
  }

  start(): void {
    if (!this.faults.some((f) => f.effect)) return;
    const tick = () => {
      if (this.stopped) return;
      this.reading = this.readAll().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.everyMs);
      });
    };
    tick();
  }

  /** Stops, after one last reading, and returns what every fault with an effect showed. */
  async stop(): Promise<EffectRecord[]> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.reading;
    await this.readAll();
    return this.results();
  }

  results(): EffectRecord[] {
    return this.records.filter((_, i) => this.faults[i]!.effect);
  }

  private async readAll(): Promise<void> {
    await Promise.all(
      this.faults.map(async (fault, i) => {
        if (!fault.effect) return;
        const record = this.records[i]!;
        try {
          const reading = await withDeadline(
            fault.effect.read({ ...this.context, applied: fault.applied }),
            READ_BOUND_MS,
            () => new Error(`no reading within ${READ_BOUND_MS / 1000} s`),
          );
          record.readings++;
          record.last = reading.text;
          if (reading.engaged === true) record.engaged = true;
          else if (reading.engaged === false && record.engaged === null) record.engaged = false;
        } catch (error) {
          record.last = `could not be read: ${(error as Error).message}`;
        }
      }),
    );
  }
}

/** The faults whose readings said their effect was not there, and never that it was. */
export function effectsNeverShown(records: readonly EffectRecord[]): EffectRecord[] {
  return records.filter((r) => r.engaged === false);
}

export function describeEffects(records: readonly EffectRecord[]): string {
  return records
    .map(
      (r) =>
        `${r.type} (${r.what}): ${r.engaged === true ? 'engaged' : r.engaged === false ? 'never engaged' : 'not known'}; last reading: ${r.last}`,
    )
    .join('; ');
}
