// Loads a TypeScript (or JavaScript) scenario file without a build step and validates
// it. Errors name the file and the field and leave nothing started.

import { existsSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { flattenIssues, formatPath, issueMessage } from '../load/profile-errors.js';
import type { ScenarioInput } from './define-scenario.js';
import { ScenarioError } from './scenario-error.js';
import { displayPath } from './scenario-files.js';
import { scenarioSchema } from './scenario-schema.js';

export interface LoadedScenario {
  file: string;
  /** The file as messages name it. */
  shownAs: string;
  scenario: ScenarioInput;
}

export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  const shownAs = displayPath(file);
  if (!existsSync(file)) {
    throw new ScenarioError(shownAs, [
      'no such file (expected a scenario name from `chaos list` or a path to a .ts file)',
    ]);
  }
  if (statSync(file).isDirectory()) {
    throw new ScenarioError(shownAs, ['is a folder; expected a scenario .ts file']);
  }
  let module: Record<string, unknown>;
  try {
    module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    throw new ScenarioError(shownAs, [`could not load the file: ${whyNotLoaded(error)}`]);
  }
  const exported = unwrapDefault(module.default);
  if (exported === undefined) {
    throw new ScenarioError(shownAs, [
      'expected a default export made with defineScenario(), found none',
    ]);
  }
  return { file, shownAs, scenario: validateScenario(exported, shownAs) };
}

/** One line that says why; esbuild puts `file:line:col: ERROR: reason` on its second line. */
function whyNotLoaded(error: unknown): string {
  const message = (error as Error | undefined)?.message ?? String(error);
  const syntax = /:(\d+):(\d+): ERROR: (.+)/.exec(message);
  if (syntax) return `syntax error at line ${syntax[1]}, column ${syntax[2]}: ${syntax[3]}`;
  return message.split('\n')[0]!;
}

/**
 * A .ts file outside an ESM package is loaded as CommonJS, and its `export default`
 * then arrives wrapped once more as `{ default: ... }`.
 */
function unwrapDefault(value: unknown): unknown {
  if (value && typeof value === 'object' && 'default' in value) {
    const keys = Object.keys(value).filter((key) => key !== '__esModule');
    if (keys.length === 1) return (value as { default: unknown }).default;
  }
  return value;
}

export function validateScenario(input: unknown, shownAs: string): ScenarioInput {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data as ScenarioInput;
  const problems = flattenIssues(result.error.issues).map(
    (issue) =>
      `${formatPath(issue.path).replace('(profile)', '(scenario)')}: ${issueMessage(issue, input)}`,
  );
  throw new ScenarioError(shownAs, [...new Set(problems)]);
}
