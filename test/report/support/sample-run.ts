// A small hand-made run result shaped like a real journal, for the reporters' unit
// tests; `hostile` puts markup and script terminators into every text the page shows.

import type { DrillResult, RunResult, StepResult } from '../../../src/result/run-result.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function step(
  name: StepResult['name'],
  from: number,
  to: number,
  extra: Partial<StepResult> = {},
): StepResult {
  return {
    name,
    title: `${name} check`,
    outcome: 'pass',
    startedAt: at(from),
    endedAt: at(to),
    durationMs: (to - from) * 1000,
    message: `${name} passed`,
    evidence: [],
    ...extra,
  };
}

export function sampleDrill(hostile = ''): DrillResult {
  return {
    scenario: `fd-exhaustion${hostile}`,
    file: 'scenarios/fd-exhaustion.ts',
    description: `the target runs out of file descriptors${hostile}`,
    cause: 'File descriptor exhaustion',
    outcome: 'pass',
    message: `every check passed${hostile}`,
    startedAt: at(0),
    endedAt: at(100),
    durationMs: 100_000,
    plan: {
      timeScale: 0.1,
      profile: 'ci',
      alert: 'TickStormConnectionDropRate',
      threshold: 0.5,
      ruleWindowMs: 30_000,
      forMs: 30_000,
      evaluationIntervalMs: 3000,
      scrapeIntervalMs: 1000,
      baselineMs: 30_000,
      expectWithinMs: 68_000,
      verifyWithinMs: 90_000,
      verifyWindowMs: 30_000,
      theoreticalMinimumMs: 93_000,
      queries: {
        alert: 'drop_rate > 0.5',
        dropRate: 'drop_rate',
        clientDropRate: 'client_drop_rate',
        verify: 'drop_rate < 0.5',
      },
    },
    steps: [
      step('preflight', 8, 10),
      step('baseline', 10, 40, {
        boundMs: 30_000,
        evidence: [
          {
            kind: 'query',
            label: `server-observed drop rate (%)${hostile}`,
            query: `sum(rate(x{a="<b>"}[30s]))${hostile}`,
            at: at(40),
            result: [{ labels: { instance_id: `vm-1${hostile}` }, value: 0.17 }],
          },
          { kind: 'note', text: `client-observed drop rate: 0.00 %${hostile}` },
        ],
      }),
      step('inject', 40, 40),
      step('expect', 40, 72, {
        diagnosis: `tree\n  ✗ left side${hostile}\n    ◀ series vanish here`,
      }),
      step('remediate', 72, 72),
      step('verify', 72, 99),
      step('rollback', 99, 100),
    ],
    timeline: [10, 20, 45, 60, 80, 98].map((s, i) => ({
      t: at(s),
      elapsedMs: s * 1000,
      phase: 'baseline',
      serverDropRate: [0, 0, 4, 9, null, 0][i]!,
      clientDropRate: [0, 0, 3.5, 8.5, 2, 0][i]!,
      alertState: 'inactive',
    })),
    markers: {
      faultApplied: at(40),
      alertPending: at(42),
      alertFiring: at(72),
      remediationApplied: at(72.1),
      verificationPassed: at(99),
      alertResolved: at(99.2),
      rollbackDone: at(100),
    },
    faults: [
      {
        kind: 'action',
        role: 'fault',
        summary: `lowered the nofile limit${hostile}`,
        how: `prlimit --pid 5985 --nofile=203:20000${hostile}`,
        at: at(40),
        details: {},
      },
    ],
    remediations: [
      {
        kind: 'action',
        role: 'remediation',
        summary: 'raised the nofile limit',
        how: 'prlimit --pid 5985 --nofile=20000:20000',
        at: at(72),
        details: {},
      },
    ],
    rollback: [
      {
        description: `restore the nofile limit${hostile}`,
        kind: 'nofile',
        outcome: 'reverted',
        detail: 'restored',
        at: at(99.5),
      },
    ],
    rules: {
      file: 'rules/tickstorm-corrected.rules.yml',
      scaledFile: 'reports/x/rules.yml',
      text: `groups:\n  - name: tickstorm.connections${hostile}\n`,
    },
    stack: { target: `reference TickStorm pid 5985${hostile}` },
    clientSessions: {
      started: 1998,
      handshakes: 1989,
      completed: 1822,
      interrupted: 167,
      dropped: 9,
      droppedByReason: { [`closed_without_reply${hostile}`]: 9 },
      examples: {
        [`closed_without_reply${hostile}`]: `the server closed the connection${hostile}`,
      },
    },
  };
}

export function sampleRun(hostile = ''): RunResult {
  return {
    runId: `20260101-100000-abcd${hostile}`,
    tool: { name: 'tickstorm-chaos', version: '0.1.0' },
    startedAt: at(0),
    endedAt: at(100),
    durationMs: 100_000,
    outcome: 'pass',
    exitCode: 0,
    interrupted: false,
    reportDir: '/tmp/reports/x',
    host: { hostname: 'vm', platform: 'linux x64', node: 'v20' },
    drills: [sampleDrill(hostile)],
    recovered: [],
  };
}
