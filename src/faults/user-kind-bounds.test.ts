import { describe, expect, it } from 'vitest';
import { boundProblem } from './fault-kind.js';
import {
  DEFAULT_APPLY_MS,
  DEFAULT_UNDO_MS,
  endedSentence,
  faultBounds,
  lastLine,
  lateImportSentence,
  lateSentence,
} from './user-kind-bounds.js';

describe('faultBounds', () => {
  it('takes the defaults, the kind own bounds, and lets the environment only lower them', () => {
    expect(faultBounds(undefined, {})).toEqual({ applyMs: 60_000, undoMs: 30_000 });
    expect(faultBounds({ applyMs: 5000 }, {})).toEqual({ applyMs: 5000, undoMs: 30_000 });
    expect(faultBounds({ applyMs: 5000 }, { CHAOS_FAULT_BOUND_MS: '2000' })).toEqual({
      applyMs: 2000,
      undoMs: 2000,
    });
    expect(faultBounds({ applyMs: 5000 }, { CHAOS_FAULT_BOUND_MS: '900000' })).toEqual({
      applyMs: 5000,
      undoMs: 30_000,
    });
    expect(faultBounds(undefined, { CHAOS_FAULT_BOUND_MS: 'soon' }).applyMs).toBe(60_000);
  });
});

describe('the sentences a failed call ends with', () => {
  it('name the module and what happened, in one line', () => {
    expect(endedSentence('faults/exits.ts', 'apply', 0, null, '')).toBe(
      'faults/exits.ts: apply ended the process (exit code 0) before it returned',
    );
    expect(endedSentence('faults/x.ts', 'undo of process', null, 'SIGABRT', 'Aborted')).toBe(
      'faults/x.ts: undo of process ended the process (killed by SIGABRT) before it returned; it said: Aborted',
    );
    expect(lateSentence('faults/hangs.ts', 'apply', 5000, 'bounds.applyMs')).toMatch(
      /^faults\/hangs\.ts: apply did not return within 5\.0 s \(bounds\.applyMs\)/,
    );
    expect(lateImportSentence('faults/loops.ts', 1500)).toMatch(
      /^faults\/loops\.ts: importing it did not finish within 1\.5 s; /,
    );
  });

  it("keep only the error line of a crash's report", () => {
    const report = [
      'file:///tmp/faults/x.ts:3',
      "    throw new Error('late boom');",
      '    ^',
      '',
      'Error: late boom',
      '    at Timeout._onTimeout (file:///tmp/faults/x.ts:3:11)',
      '    at listOnTimeout (node:internal/timers:605:17)',
      '',
      'Node.js v26.0.0',
    ].join('\n');
    expect(lastLine(report)).toBe('Error: late boom');
    expect(lastLine('starting\nstill going\n')).toBe('still going');
    expect(lastLine('')).toBe('');
  });
});

describe('bounds that are no bounds', () => {
  it('are refused by defineFault and ignored when they cross from a host', () => {
    for (const ms of [2_000_000_000, 2 ** 31, 1e300, 0, 1.5])
      expect(boundProblem(ms), String(ms)).toMatch(/from 1 to 600000 \(10 minutes\)/);
    expect(boundProblem(600_000)).toBeNull();
    expect(faultBounds({ applyMs: 1e300, undoMs: 2_000_000_000 }, {})).toEqual({
      applyMs: DEFAULT_APPLY_MS,
      undoMs: DEFAULT_UNDO_MS,
    });
  });
});
