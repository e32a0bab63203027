import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorOf, readRunbook, runbookLinks } from './runbook.js';

describe('runbook sections', () => {
  it('makes GitHub anchors', () => {
    expect(anchorOf('File descriptor exhaustion')).toBe('file-descriptor-exhaustion');
    expect(anchorOf('Runbook: TickStorm connection drops')).toBe(
      'runbook-tickstorm-connection-drops',
    );
  });

  it('reads headings outside code fences and links drill steps to them', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'runbook-')), 'r.md');
    writeFileSync(
      file,
      '# Runbook\n## Alert\n```sh\n# not a heading\n```\n## Memory pressure\nx\n## Verification\n',
    );
    const runbook = readRunbook(file);
    expect(runbook.sections.map((s) => s.title)).toEqual([
      'Runbook',
      'Alert',
      'Memory pressure',
      'Verification',
    ]);
    const links = runbookLinks(runbook, 'memory pressure');
    expect(links.remediate?.anchor).toBe('memory-pressure');
    expect(links.expect?.line).toBe(2);
    expect(links.verify?.title).toBe('Verification');
  });
});
