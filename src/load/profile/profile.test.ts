import { describe, expect, it } from 'vitest';
import { ProfileError } from './profile-errors.js';
import { normalizeProfile } from './profile.js';
import type { ClosedScenarioPlan, OpenScenarioPlan } from './profile-types.js';

function problems(input: unknown): string[] {
  try {
    normalizeProfile(input, 'profiles/x.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return (error as ProfileError).problems;
  }
  throw new Error('expected the profile to be rejected');
}

describe('normalizeProfile: shortcuts become one long form', () => {
  it('vus+duration is constant-vus: a closed scenario with one flat stage', () => {
    const profile = normalizeProfile({ vus: 10, duration: '1m30s' }, 'flags');
    expect(profile.source).toBe('flags');
    expect(profile.scenarios).toHaveLength(1);
    const plan = profile.scenarios[0] as ClosedScenarioPlan;
    expect(plan).toMatchObject({
      name: 'default',
      executor: 'constant-vus',
      model: 'closed',
      startVUs: 10,
      stages: [{ durationMs: 90_000, target: 10 }],
    });
  });

  it('a shortcut and its long form normalise to the same plan', () => {
    const short = normalizeProfile({ vus: 5, stages: [{ duration: '10s', target: 20 }] }, 's');
    const long = normalizeProfile(
      {
        scenarios: {
          default: {
            executor: 'ramping-vus',
            startVUs: 5,
            stages: [{ duration: '10s', target: 20 }],
          },
        },
      },
      's',
    );
    expect(short).toEqual(long);
  });

  it('rate+duration is constant-arrival-rate without a VU cap; startRate+stages ramps', () => {
    const constant = normalizeProfile({ rate: 20, duration: '10s' }, 's')
      .scenarios[0] as OpenScenarioPlan;
    expect(constant).toMatchObject({
      executor: 'constant-arrival-rate',
      model: 'open',
      startRate: 20,
      timeUnitMs: 1_000,
      maxVUs: null,
      arrivals: 'even',
      stages: [{ durationMs: 10_000, target: 20 }],
    });
    const ramping = normalizeProfile(
      {
        startRate: 1,
        timeUnit: '1m',
        stages: [{ duration: '1m', target: 60 }],
        preAllocatedVUs: 5,
        maxVUs: 9,
      },
      's',
    ).scenarios[0] as OpenScenarioPlan;
    expect(ramping).toMatchObject({
      executor: 'ramping-arrival-rate',
      startRate: 1,
      timeUnitMs: 60_000,
      maxVUs: 9,
    });
  });

  it('k6 scenarios keep their names, and top-level session fields are defaults a scenario may override', () => {
    const profile = normalizeProfile(
      {
        seed: 42,
        lifetime: '10s',
        credentials: { username: 'u', password: 'p' },
        scenarios: {
          hold: {
            executor: 'constant-vus',
            vus: 100,
            duration: '5m',
            lifetime: { kind: 'uniform', min: '1m', max: '2m' },
          },
          churn: {
            executor: 'constant-arrival-rate',
            rate: 5,
            duration: '5m',
            preAllocatedVUs: 50,
          },
        },
      },
      'scenario fd-exhaustion',
    );
    expect(profile.seed).toBe(42);
    const [hold, churn] = profile.scenarios;
    expect(hold!.name).toBe('hold');
    expect(hold!.session.lifetime).toEqual({ kind: 'uniform', minMs: 60_000, maxMs: 120_000 });
    expect(churn!.session.lifetime).toEqual({ kind: 'fixed', durationMs: 10_000 });
    expect(churn!.session.credentials).toEqual({ username: 'u', password: 'p' });
    expect((churn as OpenScenarioPlan).maxVUs).toBe(50);
  });

  it('fills the protocol defaults and the closed-model reconnect backoff', () => {
    const closed = normalizeProfile({ vus: 1, duration: '1s' }, 's').scenarios[0]!;
    expect(closed.session).toMatchObject({
      heartbeatIntervalMs: 15_000,
      pongTimeoutMs: 5_000,
      mode: 'SECOND',
      reconnect: { initialDelayMs: 250, multiplier: 2, maxAttempts: null },
    });
    const open = normalizeProfile({ rate: 1, duration: '1s' }, 's').scenarios[0]!;
    expect(open.session.reconnect).toBeNull();
    const noHeartbeat = normalizeProfile({ vus: 1, duration: '1s', heartbeatInterval: 'off' }, 's')
      .scenarios[0]!;
    expect(noHeartbeat.session.heartbeatIntervalMs).toBe(0);
  });

  it('cuts an exponential lifetime at ten means unless given a max', () => {
    const plan = normalizeProfile(
      { vus: 1, duration: '1s', lifetime: { kind: 'exponential', mean: '2s' } },
      's',
    ).scenarios[0]!;
    expect(plan.session.lifetime).toEqual({ kind: 'exponential', meanMs: 2_000, maxMs: 20_000 });
  });
});

describe('normalizeProfile: errors name the file and the path', () => {
  it('reports a bad duration inside a stage', () => {
    expect(
      problems({
        stages: [
          { duration: '10s', target: 5 },
          { duration: 'abc', target: 1 },
        ],
      }),
    ).toEqual(['stages[1].duration: expected a duration like "30s", got "abc"']);
    try {
      normalizeProfile({ stages: [{ duration: 'abc', target: 1 }] }, 'profiles/x.json');
    } catch (error) {
      expect((error as Error).message).toBe(
        'profiles/x.json: stages[0].duration: expected a duration like "30s", got "abc"',
      );
    }
  });

  it('reports paths inside named scenarios', () => {
    expect(
      problems({
        scenarios: {
          hold: { executor: 'ramping-arrival-rate', stages: [{ duration: '1s', target: 'x' }] },
        },
      }),
    ).toEqual([
      'scenarios.hold.stages[0].target: expected number, got "x"',
      'scenarios.hold.preAllocatedVUs: is required (expected number)',
    ]);
  });

  it('rejects conflicting shortcuts', () => {
    expect(problems({ stages: [{ duration: '1s', target: 1 }], duration: '10s' })[0]).toMatch(
      /^"stages" and "duration" conflict/,
    );
    expect(problems({ rate: 5, stages: [{ duration: '1s', target: 1 }] })[0]).toMatch(
      /^"rate" and "stages" conflict/,
    );
    expect(problems({ rate: 5, duration: '1s', vus: 3 })[0]).toMatch(
      /"vus" belongs to the closed model/,
    );
    expect(problems({ vus: 5, duration: '1s', maxVUs: 3 })[0]).toMatch(
      /"maxVUs" belongs to an arrival-rate/,
    );
    expect(
      problems({ vus: 5, scenarios: { a: { executor: 'constant-vus', duration: '1s' } } })[0],
    ).toMatch(/"vus" cannot sit beside "scenarios"/);
  });

  it('rejects a field the executor does not have', () => {
    expect(problems({ executor: 'constant-vus', vus: 2, duration: '5s', stages: [] })).toEqual([
      'stages: not a field of executor "constant-vus"',
    ]);
  });

  it('rejects an unknown executor, a typo and a missing scenario', () => {
    expect(problems({ scenarios: { a: { executor: 'ramping-arrival-rates' } } })[0]).toMatch(
      /^scenarios\.a\.executor: expected one of "constant-vus", .* got "ramping-arrival-rates"$/,
    );
    expect(problems({ vus: 1, duration: '1s', lifetme: '5s' })).toEqual([
      'lifetme: not a field of executor "constant-vus"',
    ]);
    expect(problems({})[0]).toMatch(/^expected a scenario/);
    expect(problems('hello')[0]).toMatch(/got "hello"$/);
  });

  it('checks fields against each other', () => {
    expect(
      problems({ vus: 1, duration: '1s', heartbeatInterval: '5s', pongTimeout: '5s' }),
    ).toEqual(['pongTimeout: expected a timeout shorter than heartbeatInterval (5s), got "5s"']);
    expect(
      problems({ vus: 1, duration: '1s', lifetime: { kind: 'uniform', min: '2m', max: '1m' } }),
    ).toEqual(['lifetime.min: expected at most max (1m), got "2m"']);
    expect(
      problems({
        executor: 'constant-arrival-rate',
        rate: 1,
        duration: '1s',
        preAllocatedVUs: 10,
        maxVUs: 5,
      }),
    ).toEqual(['maxVUs: expected at least preAllocatedVUs (10), got 5']);
    expect(problems({ stages: [{ duration: '0s', target: 5 }] })).toEqual([
      'stages: expected stages that add up to some time, got durations of 0 only',
    ]);
  });

  it('reports every problem at once, with our wording for unions', () => {
    expect(problems({ vus: 3, duration: '1m', lifetime: 5, reconnect: 5, mode: 'HOUR' })).toEqual([
      'lifetime: expected a duration like "30s", got 5',
      'mode: expected one of "SECOND", "MINUTE", got "HOUR"',
      'reconnect: expected false or object, got 5',
    ]);
  });
});
