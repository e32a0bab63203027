import { describe, expect, it } from 'vitest';
import {
  PUBLISHED_BEHAVIOURS,
  describePublishedBehaviours,
  parsePublishedBehaviours,
} from './published-behaviours.js';

const names = (text: string) => {
  const parsed = parsePublishedBehaviours(text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return describePublishedBehaviours(parsed);
};

describe('parsePublishedBehaviours', () => {
  it('takes all, none, a list, and removals in order', () => {
    expect(names('all')).toBe(Object.keys(PUBLISHED_BEHAVIOURS).join(','));
    expect(names('none')).toBe('none');
    expect(names('')).toBe('none');
    expect(names('exact-credentials, gapped-batch-sequence')).toBe(
      'gapped-batch-sequence,exact-credentials',
    );
    expect(names('all,-frozen-connection-counters,-fixed-fd-guard,-silent-pool-queue')).toBe(
      'gapped-batch-sequence,exact-credentials,per-address-admission,published-settings,' +
        'session-age-close,heartbeat-flood-warning,fixed-memory-guard,lazy-counter-series',
    );
    expect(names('per-address-admission,all,-all,session-age-close')).toBe('session-age-close');
  });

  it('names the unknown behaviour and lists the known ones', () => {
    const parsed = parsePublishedBehaviours('all,-frozen-counters');
    expect(parsed).toEqual({
      problem: expect.stringMatching(/unknown behaviour "frozen-counters"; expected all, none or/),
    });
  });

  it('refuses a list that means nothing: an empty item, a removal of what was not chosen', () => {
    for (const text of [',', 'all,', 'exact-credentials,,all']) {
      expect(parsePublishedBehaviours(text)).toEqual({
        problem: expect.stringMatching(/has an empty item; expected all, none or a comma list/),
      });
    }
    for (const text of ['-all', '-fixed-fd-guard', 'exact-credentials,-fixed-fd-guard']) {
      expect(parsePublishedBehaviours(text)).toEqual({
        problem: expect.stringMatching(/removes nothing: it was not chosen before it; expected/),
      });
    }
  });
});
