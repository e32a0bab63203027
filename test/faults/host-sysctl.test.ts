// The safety rail for changes outside what the framework created: a host-wide sysctl
// (one that does not exist per namespace) is left alone unless the user passed
// --allow-host-sysctl, and when allowed it is written to the ledger before it changes,
// so the same rollback that undoes a fault puts the host back. Real namespace, real
// sysctls, real ledger file.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canMakeNamespaces } from '../helpers/can-make-namespaces.js';
import { FaultRegistry } from '../../src/faults/fault-registry.js';
import type { ActionContext } from '../../src/faults/action.js';
import { Ledger, readLedgerFile } from '../../src/faults/ledger.js';
import { createNetns, netnsExists, undoNetns } from '../../src/faults/netns.js';
import { rollbackEntries } from '../../src/faults/rollback.js';
import { sysctlFault } from '../../src/faults/kinds/sysctl.js';
import type { DrillStack } from '../../src/stack/drill-stack.js';

const HOST_ONLY = 'net.core.netdev_max_backlog';
const PER_NAMESPACE = 'net.core.somaxconn';

const hostValue = (key: string) => execFileSync('sysctl', ['-n', key], { encoding: 'utf8' }).trim();

describe.skipIf(!canMakeNamespaces())(
  'host-wide sysctls need --allow-host-sysctl and go through the ledger (root, real namespace)',
  { timeout: 60_000 },
  () => {
    let dir: string;
    let netns: string;
    const original = { value: '' };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'chaos-host-sysctl-'));
      original.value = hostValue(HOST_ONLY);
      netns = (await createNetns(`host-sysctl-test-${process.pid}`, () => {})).name;
    });

    afterAll(async () => {
      // Whatever a failed assertion left: the host's value as it was, the namespace gone.
      if (hostValue(HOST_ONLY) !== original.value)
        execFileSync('sysctl', ['-w', `${HOST_ONLY}=${original.value}`]);
      if (netns && (await netnsExists(netns))) await undoNetns({ name: netns }, { log: () => {} });
      rmSync(dir, { recursive: true, force: true });
    });

    function contextFor(ledger: Ledger, allowHostChanges: boolean): ActionContext {
      return {
        ledger,
        // The action only looks at where the target's network lives.
        stack: { target: { netns } } as unknown as DrillStack,
        drillId: 'host-sysctl-test',
        shared: new Map(),
        allowHostChanges,
        log: () => {},
      };
    }

    const wanted = () => String(Number(original.value) + 7);

    it('without the flag: the namespace setting is applied, the host-wide one is not, and says so', async () => {
      const ledger = Ledger.open('without-flag', dir);
      const applied = await sysctlFault
        .create({
          type: 'sysctl',
          values: { [PER_NAMESPACE]: '64', [HOST_ONLY]: wanted() },
        })
        .apply(contextFor(ledger, false));

      expect(hostValue(HOST_ONLY)).toBe(original.value);
      expect(applied.how).toMatch(
        new RegExp(
          `${HOST_ONLY.replace(/\./g, '\\.')}: host-wide only .*NOT applied .*--allow-host-sysctl`,
        ),
      );
      expect(applied.summary).toBe(`set 1 of 2 settings; not applied: ${HOST_ONLY}`);
      // Only the namespace's own setting is in the ledger; nothing names the host.
      expect(ledger.pending().map((e) => e.params)).toEqual([
        { netns, key: PER_NAMESPACE, previous: expect.any(String) },
      ]);
      await rollbackEntries(ledger.pending(), {
        ledgerKinds: new FaultRegistry().ledgerKinds,
        markReverted: (e) => ledger.markReverted(e),
        // The namespace was made for this id: ownership is proven against it.
        runId: `host-sysctl-test-${process.pid}`,
      });
      ledger.close();
    });

    it('with the flag: the host value changes, is in the ledger first, and rollback restores it', async () => {
      const ledger = Ledger.open('with-flag', dir);
      const applied = await sysctlFault
        .create({
          type: 'sysctl',
          values: { [HOST_ONLY]: wanted() },
        })
        .apply(contextFor(ledger, true));

      expect(hostValue(HOST_ONLY)).toBe(wanted());
      expect(applied.how).toContain(
        `${HOST_ONLY}=${wanted()} (was ${original.value}) HOST-WIDE, allowed by --allow-host-sysctl`,
      );
      // The durable file, as `chaos rollback` after a crash would read it.
      const onDisk = readLedgerFile(ledger.file).pending;
      expect(onDisk.map((e) => [e.kind, e.params])).toEqual([
        ['sysctl', { netns: null, key: HOST_ONLY, previous: original.value, allowedHost: true }],
      ]);

      const items = await rollbackEntries(ledger.pending(), {
        ledgerKinds: new FaultRegistry().ledgerKinds,
        markReverted: (e) => ledger.markReverted(e),
        runId: `host-sysctl-test-${process.pid}`,
      });
      expect(items.map((i) => [i.outcome, i.detail])).toEqual([
        ['reverted', `restored host ${HOST_ONLY}=${original.value}`],
      ]);
      expect(hostValue(HOST_ONLY)).toBe(original.value);
      ledger.close();
    });
  },
);
