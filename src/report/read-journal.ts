// Reads a saved journal.json back for re-rendering. Checks the fields the reporters
// read, so a wrong file fails here with its name and the field, not deep in a renderer.

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { RunResult } from '../result/run-result.js';

export class JournalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalError';
  }
}

const outcome = z.enum(['pass', 'fail', 'no-data', 'error']);
const step = z
  .object({
    name: z.string(),
    title: z.string(),
    outcome,
    startedAt: z.string(),
    endedAt: z.string(),
    durationMs: z.number(),
    message: z.string(),
    evidence: z.array(
      z.object({ kind: z.enum(['query', 'alert', 'action', 'note']) }).passthrough(),
    ),
  })
  .passthrough();
const action = z.object({ role: z.string(), summary: z.string(), how: z.string() }).passthrough();
const drill = z
  .object({
    scenario: z.string(),
    outcome,
    message: z.string(),
    startedAt: z.string(),
    durationMs: z.number(),
    plan: z.object({ threshold: z.number(), queries: z.object({}).passthrough() }).passthrough(),
    steps: z.array(step),
    timeline: z.array(
      z.object({ t: z.string(), elapsedMs: z.number(), alertState: z.string() }).passthrough(),
    ),
    markers: z.record(z.string()),
    faults: z.array(action),
    remediations: z.array(action),
    rollback: z.array(z.object({ outcome: z.string(), detail: z.string() }).passthrough()),
    rules: z.object({ file: z.string(), scaledFile: z.string(), text: z.string() }),
    stack: z.record(z.string()),
  })
  .passthrough();
const journal = z
  .object({
    runId: z.string(),
    startedAt: z.string(),
    durationMs: z.number(),
    outcome,
    exitCode: z.number(),
    host: z.object({}).passthrough(),
    tool: z.object({}).passthrough(),
    drills: z.array(drill),
    recovered: z.array(z.object({}).passthrough()),
  })
  .passthrough();

const EXPECTED = 'expected the journal.json that `chaos run` writes into each run folder';

export function readJournal(file: string): RunResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new JournalError(`${file}: ${found}; ${EXPECTED} (reports/<run-id>/journal.json)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JournalError(`${file}: not valid JSON (${(error as Error).message}); ${EXPECTED}`);
  }
  const parsed = journal.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join('.') : '(the top level)';
    const found =
      issue.code === 'invalid_type'
        ? `expected ${issue.expected}, found ${issue.received}`
        : issue.message;
    throw new JournalError(`${file}: not a run journal: ${field}: ${found}; ${EXPECTED}`);
  }
  return value as RunResult;
}
