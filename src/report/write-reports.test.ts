import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../result/run-result.js';
import { sampleRun } from '../../test/report/support/sample-run.js';
import { writeReports } from './write-reports.js';

describe('writeReports', () => {
  it('writes report.html with the others by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-write-reports-'));
    const written = writeReports(sampleRun(), dir);
    expect(written.problems).toEqual([]);
    expect(written.files.map((f) => f.slice(dir.length + 1))).toEqual([
      'journal.json',
      'junit.xml',
      'summary.md',
      'report.html',
    ]);
  });

  it('keeps the other reports when one renderer throws', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-write-reports-'));
    const run = sampleRun() as unknown as { drills: { plan?: unknown }[] };
    delete run.drills[0]!.plan;
    const written = writeReports(run as unknown as RunResult, dir);
    expect(existsSync(join(dir, 'journal.json'))).toBe(true);
    expect(existsSync(join(dir, 'junit.xml'))).toBe(true);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    expect(written.problems.some((p) => p.startsWith('report.html: '))).toBe(true);
  });

  it('leaves the previous journal whole when a report cannot be written, and no partial file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-write-reports-'));
    writeReports(sampleRun(), dir, ['json']);
    const before = readFileSync(join(dir, 'journal.json'), 'utf8');
    // A run that cannot be serialized (a cycle) fails mid-render.
    const broken = sampleRun() as unknown as Record<string, unknown>;
    broken.self = broken;
    const written = writeReports(broken as unknown as RunResult, dir, ['json']);
    expect(written.problems).toHaveLength(1);
    expect(readFileSync(join(dir, 'journal.json'), 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['journal.json']);
  });
});
