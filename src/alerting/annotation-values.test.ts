import { describe, expect, it } from 'vitest';
import { nonFiniteNote, nonFiniteNotes } from './annotation-values.js';

describe('non-finite numbers in an annotation', () => {
  it('says +Inf, -Inf and NaN are no measurement', () => {
    expect(nonFiniteNote('Instance tickstorm-0 drops +Inf% of its connections.')).toBe(
      "+Inf is not a measurement: the alert's value was divided by a rate of 0 (no new connections counted in its window at that evaluation)",
    );
    expect(nonFiniteNote('value -Inf')).toMatch(/^-Inf is not a measurement/);
    expect(nonFiniteNote('drops NaN%')).toMatch(/^NaN is not a measurement: .*0 divided by/);
  });

  it('leaves finite numbers and words that merely contain Inf alone', () => {
    for (const text of ['drops 3.75% of its connections.', 'Info: Infinity NaNs', 'x1Inf'])
      expect(nonFiniteNote(text), text).toBeNull();
  });

  it('names the annotation that carries it', () => {
    expect(nonFiniteNotes({ summary: 'ok', description: 'drops +Inf%' })).toEqual([
      'its description reads "drops +Inf%": +Inf is not a measurement: the alert\'s value was divided by a rate of 0 (no new connections counted in its window at that evaluation)',
    ]);
  });
});
