import { describe, expect, it } from 'vitest';
import type { TargetRestart } from '../result/run-result.js';
import { TargetWatch } from './target-watch.js';

const at = (s: number) => new Date(Date.UTC(2026, 11, 7, 12, 0, s));

describe('the target watch', () => {
  it('takes a new instance_id in place of the old one as a restart the drill did not make', () => {
    const watch = new TargetWatch(() => [], 5000);
    watch.observeInstances(['a'], at(0));
    watch.observeInstances([], at(1));
    watch.observeInstances(['a'], at(2));
    expect(watch.all()).toEqual([]);
    watch.observeInstances(['b'], at(10));
    expect(watch.all()).toEqual([
      {
        at: at(10).toISOString(),
        by: 'not the drill',
        how: 'its metrics carry instance_id b instead of a',
      },
    ]);
    expect(watch.lastRestartMs()).toBe(at(10).getTime());
    expect(watch.takeNew()).toHaveLength(1);
    expect(watch.takeNew()).toHaveLength(0);
  });

  it("does not count the drill's own restart twice when its new instance shows up", () => {
    const known: TargetRestart[] = [];
    const watch = new TargetWatch(() => known, 5000);
    watch.observeInstances(['a'], at(0));
    known.push({ at: at(20).toISOString(), by: 'drill', how: 'rollout' });
    watch.observeInstances(['b'], at(22));
    expect(watch.all()).toEqual([known[0]]);
  });

  it("counts a restart once whichever is seen first: the new instance, or the stack's record", () => {
    const known: TargetRestart[] = [];
    const watch = new TargetWatch(() => known, 5000);
    watch.observeInstances(['a'], at(0));
    watch.observeInstances(['b'], at(20));
    expect(watch.takeNew()).toHaveLength(1);
    known.push({ at: at(23).toISOString(), by: 'drill', how: 'rollout' });
    expect(watch.all()).toEqual([known[0]]);
    expect(watch.takeNew()).toEqual([known[0]]);
  });
});
