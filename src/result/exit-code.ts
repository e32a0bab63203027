// Named exit codes, in one place, so CI jobs can gate on them (k6's errext/exitcodes).

import type { Outcome } from './outcome.js';

export const ExitCode = {
  /** Every drill passed. */
  Passed: 0,
  /** A drill failed: the alert, the remediation or the verification misbehaved, or no data. */
  DrillFailed: 1,
  /** Invalid input: a scenario, rules file, flag or address that cannot be used. */
  InvalidInput: 2,
  /** The framework or its stack broke (Toxiproxy, Prometheus, a fault that could not be injected). */
  InfrastructureError: 3,
  /**
   * Stopped early on the user's own signal (a stop condition held, or `chaos stop`), after
   * rollback: never a pass, and apart from a failure, since the drill did not reach a verdict.
   */
  Aborted: 4,
  /** `chaos load` only: the run ended, but a threshold was crossed (k6 uses the same number). */
  ThresholdsCrossed: 99,
  /** Interrupted by SIGINT/SIGTERM, after rollback. */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** From a run's outcome to the exit code a CI job gates on. */
export function exitCodeFor(outcome: Outcome, interrupted: boolean, aborted = false): number {
  if (interrupted) return ExitCode.Interrupted;
  if (aborted) return ExitCode.Aborted;
  switch (outcome) {
    case 'pass':
      return ExitCode.Passed;
    case 'fail':
    case 'no-data':
      return ExitCode.DrillFailed;
    case 'error':
      return ExitCode.InfrastructureError;
  }
}

/**
 * When a report could not be written: an infrastructure error, unless the run already
 * ended worse or apart (interrupted or aborted keep their own code).
 */
export function reportsFailedExitCode(exitCode: number): number {
  return exitCode === ExitCode.Passed || exitCode === ExitCode.DrillFailed
    ? ExitCode.InfrastructureError
    : exitCode;
}
