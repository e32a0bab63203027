// How long a user's fault kind may run in its fault host, and the one-line sentences
// that say what happened when it did not return: each names the module file, so a drill
// ended by someone's fault kind says whose.

import { boundProblem, type FaultBounds } from './fault-kind.js';

export const DEFAULT_APPLY_MS = 60_000;
export const DEFAULT_UNDO_MS = 30_000;
/** An effect reading: the engine reads every few seconds and gives up on one after 5 s. */
export const EFFECT_READ_MS = 5_000;

/**
 * The kind's own bounds, or the defaults; CHAOS_FAULT_BOUND_MS lowers them (never raises
 * them), so tests of a hanging kind need not wait a minute.
 */
export function faultBounds(
  declared: FaultBounds | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Required<FaultBounds> {
  const given = Number(env.CHAOS_FAULT_BOUND_MS);
  const lower = (ms: number) => (Number.isInteger(given) && given > 0 ? Math.min(ms, given) : ms);
  // Checked again here: what crossed from the host is data its module could have changed
  // after defineFault looked at it.
  const declaredOr = (ms: number | undefined, fallback: number) =>
    ms === undefined || boundProblem(ms) !== null ? fallback : ms;
  return {
    applyMs: lower(declaredOr(declared?.applyMs, DEFAULT_APPLY_MS)),
    undoMs: lower(declaredOr(declared?.undoMs, DEFAULT_UNDO_MS)),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** "faults/exits.ts: apply ended the process (exit code 0) before it returned; it said: …" */
export function endedSentence(
  shownAs: string,
  what: string,
  code: number | null,
  signal: NodeJS.Signals | null,
  said: string,
): string {
  const how = signal ? `killed by ${signal}` : `exit code ${code}`;
  return `${shownAs}: ${what} ended the process (${how}) before it returned${said ? `; it said: ${said}` : ''}`;
}

/** "faults/hangs.ts: apply did not return within 5.0 s (bounds.applyMs)" */
export function lateSentence(shownAs: string, what: string, ms: number, bound: string): string {
  return `${shownAs}: ${what} did not return within ${seconds(ms)} (${bound}); its fault host was ended`;
}

/** Importing the module itself took too long: it must only export its definition. */
export function lateImportSentence(shownAs: string, ms: number): string {
  return `${shownAs}: importing it did not finish within ${seconds(ms)}; a fault module must only export its definition (is there an endless loop, or a wait at import?)`;
}

/**
 * What a crashed host said about itself, short: the error line of Node's report of an
 * uncaught error (not its stack, nor the "Node.js v…" line it ends with), else its last line.
 */
export function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^Node\.js v\d/.test(line) && !line.startsWith('at '));
  const error = lines.findLast((line) => /^(\w*Error|Uncaught)\b/.test(line));
  return (error ?? lines.at(-1) ?? '').slice(0, 300);
}
