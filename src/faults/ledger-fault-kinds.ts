// After a crash, the fault kinds a ledger's entries need: the built-ins, and each user's
// kind from the module its entries recorded (path and content hash), run in a fault host
// of its own (user-kind-host.ts) where that module is checked and imported, within the
// import bound: `chaos rollback` undoes a user's fault with the user's own undo code and
// nothing else, and a module that no longer imports costs its entries, not the rollback.

import { FaultRegistry } from './fault-registry.js';
import type { LedgerEntry } from './ledger.js';
import { FaultHost } from './user-kind-host-process.js';
import { hostedFaultKind } from './user-kind-proxy.js';

export async function registryForEntries(
  entries: readonly LedgerEntry[],
): Promise<{ registry: FaultRegistry; missing: Map<string, string> }> {
  const registry = new FaultRegistry();
  const missing = new Map<string, string>();
  for (const entry of entries) {
    if (registry.ledgerKinds.has(entry.kind) || missing.has(entry.kind)) continue;
    const type = entry.kind.split(':')[0]!;
    const { faultModule: file, faultModuleSha256: sha256 } = entry.params;
    if (!entry.kind.includes(':') || typeof file !== 'string' || typeof sha256 !== 'string')
      continue;
    if (registry.kind(type)) {
      missing.set(entry.kind, `fault kind "${type}" has no ledger kind "${entry.kind}"`);
      continue;
    }
    try {
      // Each call in a host of its own, ended once it answers: nothing is left running after.
      const host = new FaultHost({ type, file, sha256 });
      registry.add(await hostedFaultKind(host, [], { oneShot: true }), { file, sha256 }, host);
      if (!registry.ledgerKinds.has(entry.kind))
        missing.set(
          entry.kind,
          `${file} defines no ledger kind "${entry.kind.slice(type.length + 1)}"`,
        );
    } catch (error) {
      missing.set(entry.kind, `its fault module could not be used: ${(error as Error).message}`);
    }
  }
  return { registry, missing };
}
