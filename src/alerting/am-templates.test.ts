import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_BYTES, templateProblem } from './am-templates.js';

describe('templateProblem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'am-templates-'));
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(join(dir, 'page.tmpl'), '{{ define "x" }}x{{ end }}');
  writeFileSync(join(dir, 'huge.tmpl'), Buffer.alloc(MAX_TEMPLATE_BYTES + 1));

  it('takes regular files, relative to the config, by path or glob, and paths that match nothing', () => {
    expect(
      templateProblem(['page.tmpl', join(dir, 'p*.tmpl'), 'missing/*.tmpl'], config),
    ).toBeNull();
    expect(templateProblem(undefined, config)).toBeNull();
  });

  it('refuses a device, a folder and a huge file, naming the entry', () => {
    expect(templateProblem(['page.tmpl', '/dev/zero'], config)).toEqual({
      index: 1,
      reason: expect.stringMatching(/^\/dev\/zero is a device, not a regular file; expected/),
    });
    expect(templateProblem(['/dev/zer?'], config)?.reason).toMatch(/a device/);
    expect(templateProblem([dir], config)?.reason).toMatch(/is a folder, not a regular file/);
    expect(templateProblem(['h*.tmpl'], config)?.reason).toMatch(
      /huge\.tmpl is 1048577 bytes; expected a template file of at most 1048576 bytes/,
    );
  });

  it('refuses what is not a list of paths', () => {
    expect(templateProblem('x.tmpl', config)?.index).toBe(-1);
    expect(templateProblem([7], config)?.reason).toBe('expected a file path or glob, got 7');
  });
});
