import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleRun } from '../../test/report/support/sample-run.js';
import { JournalError, readJournal } from './read-journal.js';

const dir = mkdtempSync(join(tmpdir(), 'chaos-journal-unit-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('readJournal', () => {
  it('reads a journal back as it was written', () => {
    const run = sampleRun();
    expect(readJournal(file('journal.json', JSON.stringify(run)))).toEqual(run);
  });

  it('names the file and says what was expected when it is missing', () => {
    const missing = join(dir, 'nope.json');
    expect(() => readJournal(missing)).toThrow(JournalError);
    expect(() => readJournal(missing)).toThrow(
      `${missing}: no such file; expected the journal.json`,
    );
  });

  it('says when the file is not JSON', () => {
    const path = file('bad.json', '{"runId": ');
    expect(() => readJournal(path)).toThrow(`${path}: not valid JSON`);
  });

  it('names the field that does not match a journal', () => {
    const run = sampleRun() as unknown as { drills: { timeline: unknown }[] };
    run.drills[0]!.timeline = 'soon';
    const path = file('wrong.json', JSON.stringify(run));
    expect(() => readJournal(path)).toThrow(
      `${path}: not a run journal: drills.0.timeline: expected array, found string`,
    );
    const other = file('package.json', JSON.stringify({ name: 'x', version: '1' }));
    expect(() => readJournal(other)).toThrow(
      /not a run journal: runId: expected string, found undefined/,
    );
  });
});
