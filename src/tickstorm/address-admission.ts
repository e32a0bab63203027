// The published server's per-source-address admission (PROTOCOL.md): hard-coded, it
// accepts a connection and closes it at once, without a frame, when the same address
// had 10 admissions in the last minute, or one less than 100 ms ago, or when 5
// admissions came each within 1 s of the one before (its port-scan detector), which
// blocks the address until its tracking ages out.

export const ADMISSIONS_PER_MINUTE = 10;
export const MIN_SPACING_MS = 100;
export const SCAN_RUN = 5;
export const SCAN_GAP_MS = 1_000;
/** How long an address (blocked or not) is remembered after its last admission. */
export const TRACKING_AGE_MS = 60 * 60_000;

export type AdmissionRefusal = 'per_minute' | 'too_soon' | 'blocked';

interface AddressTrack {
  /** Admission times within the last minute, oldest first. */
  admitted: number[];
  /** Length of the current run of admissions each within SCAN_GAP_MS of the one before. */
  run: number;
  blocked: boolean;
  lastSeen: number;
}

export class AddressAdmission {
  private readonly tracks = new Map<string, AddressTrack>();

  constructor(
    /** Bound on remembered addresses, so a spray of sources cannot grow memory without limit. */
    private readonly maxTracked = 100_000,
  ) {}

  /** Null admits the connection (and records it); otherwise why it is refused. */
  admit(address: string, now: number): AdmissionRefusal | null {
    const track = this.track(address, now);
    if (track.blocked) return 'blocked';
    while (track.admitted.length > 0 && now - track.admitted[0]! >= 60_000) track.admitted.shift();
    const previous = track.admitted.at(-1);
    if (track.admitted.length >= ADMISSIONS_PER_MINUTE) return 'per_minute';
    if (previous !== undefined && now - previous < MIN_SPACING_MS) return 'too_soon';
    track.run = previous !== undefined && now - previous < SCAN_GAP_MS ? track.run + 1 : 1;
    track.admitted.push(now);
    track.lastSeen = now;
    // The fifth is still admitted; every later connection from the address is not.
    if (track.run >= SCAN_RUN) track.blocked = true;
    return null;
  }

  /** Forgets addresses not seen for TRACKING_AGE_MS (a blocked one is then admitted again). */
  prune(now: number): void {
    for (const [address, track] of this.tracks) {
      if (now - track.lastSeen >= TRACKING_AGE_MS) this.tracks.delete(address);
    }
  }

  private track(address: string, now: number): AddressTrack {
    let track = this.tracks.get(address);
    if (track && now - track.lastSeen >= TRACKING_AGE_MS) track = undefined;
    if (!track) {
      if (this.tracks.size >= this.maxTracked) this.prune(now);
      if (this.tracks.size >= this.maxTracked) {
        this.tracks.delete(this.tracks.keys().next().value!);
      }
      track = { admitted: [], run: 0, blocked: false, lastSeen: now };
      this.tracks.set(address, track);
    }
    return track;
  }
}
