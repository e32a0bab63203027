// Loads and plans every named scenario before anything starts; collects every problem
// of every file so the user fixes them in one pass.

import { RulesFileError } from '../prom/rules-file.js';
import { loadScenarioFile } from './load-scenario.js';
import { planDrill, type DrillPlan, type PlanOptions } from './plan.js';
import { ScenarioError } from './scenario-error.js';
import { listScenarioFiles, resolveScenarioFile } from './scenario-files.js';

export class PlanningError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'PlanningError';
  }
}

export async function planScenarios(
  names: readonly string[] | 'all',
  options: PlanOptions,
): Promise<DrillPlan[]> {
  const files =
    names === 'all' ? listScenarioFiles() : names.map((name) => resolveScenarioFile(name));
  if (files.length === 0)
    throw new PlanningError(['no scenarios to run: name one (see `chaos list`) or use --all']);
  const plans: DrillPlan[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      plans.push(await planDrill(await loadScenarioFile(file), options));
    } catch (error) {
      if (error instanceof ScenarioError || error instanceof RulesFileError)
        problems.push(...error.message.split('\n'));
      else throw error;
    }
  }
  if (problems.length > 0) throw new PlanningError(problems);
  const names_ = plans.map((p) => p.scenario.name);
  const duplicate = names_.find((n, i) => names_.indexOf(n) !== i);
  if (duplicate) throw new PlanningError([`two scenario files are both named "${duplicate}"`]);
  return plans;
}
