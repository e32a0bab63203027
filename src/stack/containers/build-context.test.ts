import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../paths.js';
import { ignoredTopLevel, stageBuildContext } from './build-context.js';

describe('the staged build context', () => {
  it("reads the project's .dockerignore: names, *suffix globs, comments", () => {
    const ignored = ignoredTopLevel('# why\nnode_modules\n/.tools/\n*.log\n!keep.log\n');
    expect(['node_modules', '.tools', 'run.log'].map(ignored)).toEqual([true, true, true]);
    expect(['src', 'package.json', 'logs'].map(ignored)).toEqual([false, false, false]);
  });

  it('copies what the Dockerfile may COPY, and none of node_modules, .tools, .git or test', () => {
    const into = join(mkdtempSync(join(tmpdir(), 'build-context-')), 'ctx');
    const names = readdirSync(stageBuildContext(projectRoot, into));
    for (const needed of [
      'Dockerfile',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'bin',
      'src',
      'rules',
      'scenarios',
    ])
      expect(names).toContain(needed);
    for (const never of ['node_modules', '.tools', '.git', 'test', 'reports'])
      expect(names).not.toContain(never);
  });

  it('without a .dockerignore, copies every top-level entry', () => {
    const root = mkdtempSync(join(tmpdir(), 'build-root-'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'a.ts'), '');
    writeFileSync(join(root, 'Dockerfile'), 'FROM x\n');
    const into = stageBuildContext(root, join(root + '-ctx'));
    expect(readdirSync(into).sort()).toEqual(['Dockerfile', 'src']);
  });
});
