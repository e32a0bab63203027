import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeFor } from './exit-code.js';

describe('exitCodeFor', () => {
  it('an aborted run is never a pass, and an interrupt outranks it', () => {
    expect(exitCodeFor('error', false, true)).toBe(ExitCode.Aborted);
    expect(exitCodeFor('pass', false, true)).toBe(4);
    expect(exitCodeFor('error', true, true)).toBe(ExitCode.Interrupted);
    expect(exitCodeFor('fail', false)).toBe(ExitCode.DrillFailed);
  });
});
