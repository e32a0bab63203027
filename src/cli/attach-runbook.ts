// `--runbook FILE`: read it and check, before anything starts, that every drill's cause
// has its section there, so the report's links lead somewhere.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DrillPlan } from '../scenario/plan.js';
import { findSection, readRunbook, type Runbook } from '../scenario/runbook.js';
import { UsageError } from './usage-error.js';

export function attachRunbook(file: string, plans: readonly DrillPlan[]): Runbook {
  const path = resolve(file);
  if (!existsSync(path))
    throw new UsageError(`--runbook: ${file}: no such file (expected a Markdown runbook)`);
  if (!statSync(path).isFile())
    throw new UsageError(`--runbook: ${file} is a folder; expected a Markdown runbook file`);
  const runbook = readRunbook(path, file);
  for (const plan of plans) {
    const section = plan.scenario.runbook?.section;
    if (!section) {
      throw new UsageError(
        `${plan.shownAs}: runbook.section: expected the runbook section for this cause (needed by --runbook), found none`,
      );
    }
    if (!findSection(runbook, section)) {
      const titles = runbook.sections.map((s) => `"${s.title}"`).join(', ') || 'none';
      throw new UsageError(
        `--runbook: ${file}: expected a section "${section}" (runbook.section of ${plan.shownAs}), found none; its sections: ${titles}`,
      );
    }
  }
  return runbook;
}
