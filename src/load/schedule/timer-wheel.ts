// One shared clock for every session's deadlines (heartbeat due, PONG due, data stall,
// lifetime end), instead of several timers per session. Entries sit in coarse slots;
// an entry may be woken early and simply reschedules itself, which keeps moving a
// deadline later free (no removal from a bucket).

export interface WheelEntry {
  /** The slot the entry waits in, or -1. Owned by the wheel. */
  wakeSlot: number;
  /** Called at or after the slot's time; the entry checks its own deadlines. */
  wake(now: number): void;
}

export class TimerWheel {
  private readonly slots = new Map<number, WheelEntry[]>();
  private nextSlot: number;

  constructor(
    readonly slotMs: number,
    now: number,
  ) {
    this.nextSlot = Math.floor(now / slotMs) + 1;
  }

  /** Wake `entry` at `atMs` or earlier; an entry already waiting for an earlier slot stays there. */
  schedule(entry: WheelEntry, atMs: number): void {
    const slot = Math.max(Math.ceil(atMs / this.slotMs), this.nextSlot);
    if (entry.wakeSlot >= this.nextSlot && entry.wakeSlot <= slot) return;
    entry.wakeSlot = slot;
    const bucket = this.slots.get(slot);
    if (bucket) bucket.push(entry);
    else this.slots.set(slot, [entry]);
  }

  cancel(entry: WheelEntry): void {
    entry.wakeSlot = -1;
  }

  /** Wakes every entry whose slot has come, in slot order. */
  advance(now: number): void {
    const last = Math.floor(now / this.slotMs);
    while (this.nextSlot <= last) {
      const slot = this.nextSlot++;
      const bucket = this.slots.get(slot);
      if (!bucket) continue;
      this.slots.delete(slot);
      for (const entry of bucket) {
        if (entry.wakeSlot !== slot) continue; // moved or cancelled since it was put here
        entry.wakeSlot = -1;
        entry.wake(now);
      }
    }
  }

  /** Buckets not yet reached, for tests and leak checks. */
  get pendingSlots(): number {
    return this.slots.size;
  }
}
