// What a scenario module exports, as a validated scenario or the problems with it. Runs
// where the user's code runs: in the import child (scenario-import-child.ts).

import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { flattenIssues, formatPath, issueMessage } from '../load/profile/profile-errors.js';
import { FaultRegistry } from '../faults/fault-registry.js';
import { findFaultModules, type FaultModuleRef } from '../faults/user-fault-module.js';
import type { ScenarioInput } from './define-scenario.js';
import { ScenarioError } from './scenario-error.js';
import { scenarioSchema, scenarioSchemaFor } from './scenario-schema.js';
import { unwrapDefault } from '../module-default.js';

/** The scenario as data, and where its own fault kinds live (each runs in a fault host started from there). */
export type ModuleReading =
  { scenario: ScenarioInput; faultModules: FaultModuleRef[] } | { problems: string[] };

export async function readScenarioModule(file: string): Promise<ModuleReading> {
  let module: Record<string, unknown>;
  try {
    module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    return { problems: [`could not load the file: ${whyNotLoaded(error)}`] };
  }
  try {
    const exported = unwrapDefault(module.default);
    if (exported === undefined)
      return { problems: ['expected a default export made with defineScenario(), found none'] };
    const faults = (exported as { faults?: unknown } | null)?.faults;
    const registry = new FaultRegistry();
    const faultModules: FaultModuleRef[] = [];
    if (faults !== undefined) {
      const found = await findFaultModules(file, faults);
      if ('problems' in found) return found;
      for (const { kind, module } of found.kinds) {
        registry.add(kind, module);
        faultModules.push(module);
      }
    }
    // Through JSON: what crosses to the chaos process is data, never a getter or a Proxy.
    const scenario = validateScenario(exported, file, registry);
    return {
      scenario: JSON.parse(JSON.stringify({ ...scenario, faults: undefined })) as ScenarioInput,
      faultModules,
    };
  } catch (error) {
    if (error instanceof ScenarioError) return { problems: error.problems };
    return { problems: [`reading its default export threw: ${whyNotLoaded(error)}`] };
  }
}

/** One line that says why; esbuild puts `file:line:col: ERROR: reason` on its second line. */
function whyNotLoaded(error: unknown): string {
  const message = (error as Error | undefined)?.message ?? String(error);
  const syntax = /:(\d+):(\d+): ERROR: (.+)/.exec(message);
  if (syntax) return `syntax error at line ${syntax[1]}, column ${syntax[2]}: ${syntax[3]}`;
  return message.split('\n')[0]!;
}

export function validateScenario(
  input: unknown,
  shownAs: string,
  registry?: FaultRegistry,
): ScenarioInput {
  const result = (registry ? scenarioSchemaFor(registry) : scenarioSchema).safeParse(input);
  if (result.success) return result.data as ScenarioInput;
  const problems = flattenIssues(result.error.issues).map(
    (issue) =>
      `${formatPath(issue.path).replace('(profile)', '(scenario)')}: ${issueMessage(issue, input)}`,
  );
  throw new ScenarioError(shownAs, [...new Set(problems)]);
}
