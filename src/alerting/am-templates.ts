// An Alertmanager config's `templates:` entries: Alertmanager (and amtool check-config)
// reads every file they match whole, so `/dev/zero`, a FIFO or a huge file makes it read
// forever or run out of memory. Each match must be a regular file of a template's size.

import { globSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { kindOf } from '../input-file.js';

/** Far past any real template set, far below what hurts to read. */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** Entries are globs (Alertmanager's filepath.Glob): `*`, `?` and `[…]` are special. */
const GLOB = /[*?[]/;

export interface TemplateProblem {
  index: number;
  reason: string;
}

/** The first `templates:` entry that names something Alertmanager must not read, or null. */
export function templateProblem(templates: unknown, configFile: string): TemplateProblem | null {
  if (templates === undefined || templates === null) return null;
  if (!Array.isArray(templates))
    return { index: -1, reason: 'expected a list of template file paths or globs' };
  for (const [index, entry] of templates.entries()) {
    if (typeof entry !== 'string')
      return { index, reason: `expected a file path or glob, got ${JSON.stringify(entry)}` };
    // Relative entries are relative to the config file, as Alertmanager reads them.
    const pattern = isAbsolute(entry) ? entry : join(dirname(configFile), entry);
    const matches = GLOB.test(pattern) ? globSync(pattern) : [pattern];
    for (const path of matches.slice(0, 1000)) {
      const reason = fileProblem(path);
      if (reason) return { index, reason };
    }
  }
  return null;
}

function fileProblem(path: string): string | null {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return null; // a path that matches nothing: Alertmanager skips it too
  }
  if (!stat.isFile())
    return `${path} is ${kindOf(stat)}, not a regular file; expected template files (Alertmanager would read it forever or fail)`;
  if (stat.size > MAX_TEMPLATE_BYTES)
    return `${path} is ${stat.size} bytes; expected a template file of at most ${MAX_TEMPLATE_BYTES} bytes (1 MiB)`;
  return null;
}
