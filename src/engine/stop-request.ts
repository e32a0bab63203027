// `chaos stop` and a running drill talk through files beside the drill's ledger, in the
// same trusted folder (0700, ours alone), so no signal ever goes to a process not proven
// ours: `<drillId>.stop` asks (the drill's sampler looks for it every tick), and
// `<drillId>.stopped.json` answers with what the drill undid once its rollback is done.

import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLedgerFile } from '../faults/ledger.js';
import { assertTrustedLedgerDir } from '../faults/state-dir.js';
import type { RollbackRecord } from '../result/run-result.js';
import { isSameProcessAlive } from '../stack/process/proc-identity.js';

export interface StopRequest {
  /** The `chaos stop` process that asked. */
  pid: number;
  at: string;
}

export interface StopAnswer {
  drillId: string;
  /** The drill's own account: `aborted: …`, or that it had ended before it saw the request. */
  message: string;
  /** One sentence per ledger entry the drill's rollback handled. */
  undone: string[];
  at: string;
}

export interface RunningDrill {
  drillId: string;
  pid: number;
  /** Changes its ledger still holds (faults and stack parts not yet undone). */
  pending: number;
}

const requestFile = (dir: string, drillId: string) => join(dir, `${drillId}.stop`);
const answerFile = (dir: string, drillId: string) => join(dir, `${drillId}.stopped.json`);

/** Drills whose ledger's owner process still runs: a crashed run's ledger is `chaos rollback`'s. */
export function runningDrills(dir: string): RunningDrill[] {
  if (!existsSync(dir)) return [];
  assertTrustedLedgerDir(dir);
  const running: RunningDrill[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.jsonl')) continue;
    try {
      const ledger = readLedgerFile(join(dir, name));
      if (ledger.owner && isSameProcessAlive(ledger.owner))
        running.push({
          drillId: ledger.runId,
          pid: ledger.owner.pid,
          pending: ledger.pending.length,
        });
    } catch {
      // Removed between the listing and the read: that drill has just ended.
    }
  }
  return running;
}

/** Asks a drill to abort: written aside, then renamed, so the drill never reads half of it. */
export function requestStop(dir: string, drillId: string, pid = process.pid): void {
  const request: StopRequest = { pid, at: new Date().toISOString() };
  const aside = `${requestFile(dir, drillId)}.${pid}`;
  writeFileSync(aside, `${JSON.stringify(request)}\n`, { mode: 0o600 });
  renameSync(aside, requestFile(dir, drillId));
}

/** The request waiting for this drill, if any (a torn or foreign file still counts as asked). */
export function stopRequested(dir: string, drillId: string): StopRequest | null {
  const file = requestFile(dir, drillId);
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StopRequest>;
    if (typeof parsed.pid === 'number' && typeof parsed.at === 'string')
      return { pid: parsed.pid, at: parsed.at };
  } catch {
    // Unreadable: the asking is what matters, not who.
  }
  return { pid: 0, at: new Date().toISOString() };
}

/**
 * After rollback: when a request is waiting, answer it with what was undone and remove it
 * (also when the drill ended on its own first, so `chaos stop` never waits in vain).
 */
export function answerStopRequest(
  dir: string,
  drillId: string,
  message: string,
  records: readonly RollbackRecord[],
): void {
  if (!existsSync(requestFile(dir, drillId))) return;
  const answer: StopAnswer = {
    drillId,
    message,
    undone: records.map(undoneSentence),
    at: new Date().toISOString(),
  };
  const aside = `${answerFile(dir, drillId)}.writing`;
  writeFileSync(aside, `${JSON.stringify(answer, null, 2)}\n`, { mode: 0o600 });
  renameSync(aside, answerFile(dir, drillId));
  rmSync(requestFile(dir, drillId), { force: true, recursive: true });
}

/** The drill's answer, once written; `chaos stop` removes it after printing. */
export function takeStopAnswer(dir: string, drillId: string): StopAnswer | null {
  const file = answerFile(dir, drillId);
  if (!existsSync(file)) return null;
  let answer: StopAnswer;
  try {
    answer = JSON.parse(readFileSync(file, 'utf8')) as StopAnswer;
    if (!Array.isArray(answer.undone) || typeof answer.message !== 'string')
      throw new Error('not an answer');
  } catch (error) {
    answer = {
      drillId,
      message: `its answer could not be read (${(error as Error).message}); its journal says what it undid`,
      undone: [],
      at: new Date().toISOString(),
    };
  }
  rmSync(file, { force: true, recursive: true });
  return answer;
}

/** A request nobody answered (the drill ended without seeing it): take it back. */
export function withdrawStopRequest(dir: string, drillId: string): void {
  rmSync(requestFile(dir, drillId), { force: true });
}

/** One sentence per ledger entry: what it was, and whether it was undone. */
export function undoneSentence(record: RollbackRecord): string {
  // An undoer's detail already says what it did ("restored pid 812's soft nofile limit to 20000").
  return record.outcome === 'reverted'
    ? `Undone: ${record.detail}.`
    : `NOT undone: ${record.description} (${record.detail}); \`chaos rollback\` retries it once its run has exited.`;
}
