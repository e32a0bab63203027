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
  // Each file is imported in its own child process: all at once.
  const loaded = await Promise.allSettled(files.map((file) => loadScenarioFile(file)));
  for (const result of loaded) {
    try {
      if (result.status === 'rejected') throw result.reason;
      plans.push(await planDrill(result.value, options));
    } catch (error) {
      if (error instanceof ScenarioError || error instanceof RulesFileError)
        problems.push(...error.message.split('\n'));
      else throw error;
    }
  }
  // A problem of a shared input (--rules) is the same line for every scenario: say it once.
  if (problems.length > 0) throw new PlanningError([...new Set(problems)]);
  // Run folders, ledgers and reports are keyed by the name.
  const twins = plans.filter((p, i) =>
    plans.some((q, j) => j < i && q.scenario.name === p.scenario.name),
  );
  if (twins.length > 0) {
    throw new PlanningError(
      twins.map((twin) => {
        const first = plans.find((p) => p.scenario.name === twin.scenario.name)!;
        return first.file === twin.file
          ? `${twin.shownAs}: given twice; expected each scenario once`
          : `${twin.shownAs}: name: expected a name no other scenario in this run has, got "${twin.scenario.name}", which ${first.shownAs} has too`;
      }),
    );
  }
  return plans;
}
