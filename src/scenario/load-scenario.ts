// Loads a TypeScript (or JavaScript) scenario file without a build step and validates
// it, in a child process with a time bound (scenario-import-child.ts): the chaos
// process never runs the user's module. Errors name the file and the field and leave
// nothing started.

import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FaultModuleRef } from '../faults/user-fault-module.js';
import type { ScenarioInput } from './define-scenario.js';
import type { ModuleReading } from './read-scenario-module.js';
import { ScenarioError } from './scenario-error.js';
import { displayPath } from './scenario-files.js';
import { importBound } from '../bounds.js';

export { validateScenario } from './read-scenario-module.js';

export interface LoadedScenario {
  file: string;
  /** The file as messages name it. */
  shownAs: string;
  scenario: ScenarioInput;
  /** The scenario's own fault kinds: each runs in a fault host of its own, started from here. */
  faultModules: FaultModuleRef[];
}

export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  const shownAs = displayPath(file);
  if (!existsSync(file)) {
    throw new ScenarioError(shownAs, [
      'no such file (expected a scenario name from `chaos list` or a path to a .ts file)',
    ]);
  }
  const stat = statSync(file);
  if (stat.isDirectory()) {
    throw new ScenarioError(shownAs, ['is a folder; expected a scenario .ts file']);
  }
  // A FIFO or a device would block the import forever, or read without end.
  if (!stat.isFile()) {
    throw new ScenarioError(shownAs, ['is not a regular file; expected a scenario .ts file']);
  }
  const reading = await importInChild(file, shownAs, importBound());
  if ('problems' in reading) throw new ScenarioError(shownAs, reading.problems);
  return { file, shownAs, scenario: reading.scenario, faultModules: reading.faultModules };
}

const childModule = fileURLToPath(
  new URL(`./scenario-import-child${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function importInChild(file: string, shownAs: string, boundMs: number): Promise<ModuleReading> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, childModule, file], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let reading: ModuleReading | undefined;
    const endChild = () => child.kill('SIGKILL');
    process.once('exit', endChild);
    const timer = setTimeout(() => {
      finish({
        problems: [
          `importing the file did not finish within ${(boundMs / 1000).toFixed(1)} s; a scenario module must only export its definition (is there an endless loop, or a wait at import?)`,
        ],
      });
      endChild();
    }, boundMs);
    let done = false;
    function finish(result: ModuleReading) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      process.removeListener('exit', endChild);
      resolve(result);
    }
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-4000);
    });
    child.on('message', (message) => {
      reading = message as ModuleReading;
    });
    child.on('error', (error) =>
      finish({ problems: [`could not start a process to import it: ${error.message}`] }),
    );
    child.on('close', (code, signal) => {
      if (reading) return finish(reading);
      const ended = signal ? `was ended by ${signal}` : `exited with code ${code}`;
      const said = lastLine(stderr, shownAs);
      finish({
        problems: [
          `the process importing the file ${ended} before the file was read; a scenario module must not end the process (process.exit at import?)${said ? `; it said: ${said}` : ''}`,
        ],
      });
    });
  });
}

function lastLine(text: string, shownAs: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? '').replaceAll(shownAs, '').slice(0, 300);
}
