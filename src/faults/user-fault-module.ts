// Users' own fault kinds: `faults/<type>.ts` beside the scenario that lists them, whose
// default export is made with defineFault(). Found and checked where the scenario is
// imported (the import child); imported again in its fault host (user-kind-host.ts) for
// the run, and for `chaos rollback` after a crash from the path and content hash each
// ledger entry records, so a module that changed since, or that anyone else could have
// written, is never run. The chaos process itself never imports one.

import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { isFaultKind, type FaultKind } from './fault-kind.js';
import type { FaultModule } from './fault-registry.js';
import { unwrapDefault } from '../module-default.js';

export interface FaultModuleRef extends FaultModule {
  type: string;
}

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** Where a scenario's kind must be defined: `faults/<type>.ts` (or .mts, .js, .mjs) beside it. */
export function faultModuleFile(scenarioFile: string, type: string): string | null {
  const base = join(dirname(scenarioFile), 'faults', type);
  return EXTENSIONS.map((ext) => base + ext).find((file) => existsSync(file)) ?? null;
}

/** The scenario's `faults`, each found in its folder and imported from there: problems name the entry. */
export async function findFaultModules(
  scenarioFile: string,
  faults: unknown,
): Promise<{ kinds: { kind: FaultKind; module: FaultModuleRef }[] } | { problems: string[] }> {
  if (!Array.isArray(faults))
    return { problems: ['faults: expected a list of fault kinds made with defineFault()'] };
  const problems: string[] = [];
  const kinds: { kind: FaultKind; module: FaultModuleRef }[] = [];
  for (const [index, fault] of faults.entries()) {
    const where = `faults[${index}]`;
    const type = (fault as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || typeof (fault as { create?: unknown }).create !== 'function') {
      problems.push(`${where}: expected a fault kind made with defineFault(), got ${typeof fault}`);
      continue;
    }
    const file = faultModuleFile(scenarioFile, type);
    if (!file) {
      problems.push(
        `${where}: fault kind "${type}" must be the default export of faults/${type}.ts beside the scenario (looked for ${join(dirname(scenarioFile), 'faults', `${type}.ts`)})`,
      );
      continue;
    }
    try {
      const sha256 = hashOf(file);
      const kind = await importFaultModule({ type, file, sha256 });
      kinds.push({ kind, module: { type, file, sha256 } });
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  return problems.length > 0 ? { problems } : { kinds };
}

/**
 * Imports a kind's module, proving first that it is the file the run used: the same
 * content (sha256), a regular file in a `faults` folder, writable by no one but its
 * owner, and owned by this user or root.
 */
export async function importFaultModule(ref: FaultModuleRef): Promise<FaultKind> {
  const untrusted = untrustedReason(ref.file);
  if (untrusted) throw new Error(`${ref.file}: ${untrusted}`);
  if (hashOf(ref.file) !== ref.sha256)
    throw new Error(
      `${ref.file} changed since the run used it (its sha256 differs), so its undo code is not the run's`,
    );
  let module: Record<string, unknown>;
  try {
    module = (await tsImport(pathToFileURL(ref.file).href, import.meta.url)) as Record<
      string,
      unknown
    >;
  } catch (error) {
    throw new Error(
      `${ref.file} could not be loaded: ${((error as Error).message ?? String(error)).split('\n')[0]}`,
    );
  }
  const exported = unwrapDefault(module.default);
  if (!isFaultKind(exported))
    throw new Error(`${ref.file}: expected a default export made with defineFault()`);
  if (exported.type !== ref.type)
    throw new Error(`${ref.file}: defines fault kind "${exported.type}", expected "${ref.type}"`);
  return exported;
}

function hashOf(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function untrustedReason(file: string): string | null {
  if (!file.startsWith('/')) return 'not an absolute path';
  if (basename(dirname(file)) !== 'faults') return 'not in a folder named faults';
  if (!EXTENSIONS.some((ext) => file.endsWith(ext))) return 'not a .ts, .mts, .js or .mjs file';
  let stat;
  try {
    stat = lstatSync(file);
  } catch {
    return 'no such file';
  }
  if (!stat.isFile()) return 'not a regular file';
  if ((stat.mode & 0o022) !== 0) return 'writable by group or others';
  const uid = process.getuid?.() ?? 0;
  if (stat.uid !== uid && stat.uid !== 0) return `owned by uid ${stat.uid}, not this user or root`;
  return null;
}
