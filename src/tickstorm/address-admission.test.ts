import { describe, expect, it } from 'vitest';
import { AddressAdmission, TRACKING_AGE_MS } from './address-admission.js';

describe('AddressAdmission (the published per-address limits)', () => {
  it('admits 10 a minute from one address, spaced past the scan detector', () => {
    const admission = new AddressAdmission();
    const at = (i: number) => i * 1_500;
    const verdicts = Array.from({ length: 11 }, (_, i) => admission.admit('10.0.0.1', at(i)));
    expect(verdicts.slice(0, 10)).toEqual(Array(10).fill(null));
    expect(verdicts[10]).toBe('per_minute');
    // Another address is counted on its own.
    expect(admission.admit('10.0.0.2', at(10))).toBeNull();
    // A minute after the first admission, its slot is free again.
    expect(admission.admit('10.0.0.1', 60_000)).toBeNull();
  });

  it('refuses a connection within 100 ms of the last admission', () => {
    const admission = new AddressAdmission();
    expect(admission.admit('a', 0)).toBeNull();
    expect(admission.admit('a', 99)).toBe('too_soon');
    expect(admission.admit('a', 2_000)).toBeNull();
  });

  it('blocks an address after 5 admissions each within 1 s, until its tracking ages out', () => {
    const admission = new AddressAdmission();
    for (const t of [0, 500, 1_000, 1_500, 2_000]) expect(admission.admit('a', t)).toBeNull();
    expect(admission.admit('a', 30_000)).toBe('blocked');
    expect(admission.admit('a', 2_000 + TRACKING_AGE_MS - 1)).toBe('blocked');
    expect(admission.admit('a', 2_000 + TRACKING_AGE_MS)).toBeNull();
  });

  it('starts the scan run again after a gap of 1 s or more', () => {
    const admission = new AddressAdmission();
    for (const t of [0, 500, 1_000, 1_500, 2_600, 3_000, 3_400, 3_800]) {
      expect(admission.admit('a', t)).toBeNull();
    }
    expect(admission.admit('a', 4_000)).toBeNull(); // the fifth of the new run
    expect(admission.admit('a', 9_000)).toBe('blocked');
  });
});
