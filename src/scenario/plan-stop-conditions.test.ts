import { describe, expect, it } from 'vitest';
import { ScenarioError } from './scenario-error.js';
import { planStopConditions } from './plan-stop-conditions.js';

describe('planStopConditions', () => {
  it("puts the scenario's first, then --stop-when's, each scaled and saying where it came from", () => {
    expect(
      planStopConditions(
        [{ name: 'errors', query: 'rate(e[5m]) > 1' }],
        ['ALERTS{alertname="X"}'],
        0.1,
      ),
    ).toEqual([
      { name: 'errors', query: 'rate(e[30s]) > 1', from: 'stopWhen[0]' },
      { name: 'ALERTS{alertname="X"}', query: 'ALERTS{alertname="X"}', from: '--stop-when' },
    ]);
  });

  it('refuses a --stop-when that is not PromQL, naming the flag and the column', () => {
    try {
      planStopConditions([], ['up ==', 'up == 0'], 1);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as ScenarioError).message).toMatch(
        /^--stop-when: "up ==": expected valid PromQL, got a syntax error at column \d+: /,
      );
    }
  });
});
