// The undoers of faults applied inside a container, driven by a runner that answers as
// the docker CLI does: each acts only on the incarnation of the container the entry
// names, and says plainly when the container (and the fault with it) is gone.

import { describe, expect, it } from 'vitest';
import {
  containerMemoryUndoer,
  containerProcessUndoer,
  containerProcessProblem,
} from './container-memory.js';
import { containerNofileUndoer } from './container-nofile.js';
import type { CommandRunner } from './container-undo.js';
import { FaultRegistry } from './fault-registry.js';
import { CommandError } from '../proc/run-command.js';

const context = { log: () => {} };
const STARTED = '2026-12-06T20:54:05.747563812Z';

/** A docker CLI with one container in the state given (or none), which remembers what it was asked. */
function engine(
  state: { startedAt: string; memory?: number; running?: boolean } | null,
  exec: (argv: string[]) => string = () => '',
) {
  const calls: string[][] = [];
  const run: CommandRunner = async (_file, args) => {
    calls.push(args);
    if (args[0] === 'inspect') {
      if (!state) throw new CommandError('docker inspect', 'Error: No such container: x', 1);
      return `4242 ${state.startedAt} ${state.running ?? true} ${state.memory ?? 0} ${state.memory ?? 0} false\n`;
    }
    if (args[0] === 'exec') return exec(args.slice(2));
    return '';
  };
  return { run, calls };
}

const limits = (soft: number) =>
  `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                20000                files\nopen 31\n`;

describe('container-nofile undo', () => {
  it('restores the soft limit inside the same incarnation of the container', async () => {
    let soft = 35;
    const { run, calls } = engine({ startedAt: STARTED }, (argv) => {
      if (argv[0] === 'prlimit') soft = Number(/=(\d+):/.exec(argv[3]!)![1]);
      return limits(soft);
    });
    const detail = await containerNofileUndoer(run)(
      { container: 'chaos-r1-fd-target', startedAt: STARTED, previousSoft: 20000 },
      context,
    );
    expect(detail).toBe(
      "restored the soft nofile limit of chaos-r1-fd-target's main process to 20000",
    );
    expect(calls.find((c) => c.includes('prlimit'))).toEqual([
      'exec',
      'chaos-r1-fd-target',
      'prlimit',
      '--pid',
      '1',
      '--nofile=20000:20000',
    ]);
  });

  it('touches nothing when the container was replaced under the same name', async () => {
    const { run, calls } = engine({ startedAt: '2026-12-06T21:00:00Z' });
    const detail = await containerNofileUndoer(run)(
      { container: 'chaos-r1-fd-target', startedAt: STARTED, previousSoft: 20000 },
      context,
    );
    expect(detail).toMatch(/was replaced since/);
    expect(calls.filter((c) => c[0] === 'exec')).toEqual([]);
  });

  it('says the limit went with a container that is gone', async () => {
    const { run } = engine(null);
    await expect(
      containerNofileUndoer(run)(
        { container: 'chaos-r1-fd-target', startedAt: STARTED, previousSoft: 1 },
        context,
      ),
    ).resolves.toMatch(/is gone/);
  });
});

describe('container-process undo (the memory hog)', () => {
  const hog = {
    container: 'chaos-r1-mem-target',
    startedAt: STARTED,
    pid: 77,
    command: 'node src/faults/memory-hog-process.mjs 1000',
  };

  it('ends the hog by its pid when its command line is still the one recorded', async () => {
    const { run, calls } = engine({ startedAt: STARTED }, (argv) =>
      argv[0] === 'sh' ? 'node src/faults/memory-hog-process.mjs 1000 ' : '',
    );
    await expect(containerProcessUndoer(run)(hog, context)).resolves.toMatch(/^ended node/);
    expect(calls.at(-1)).toEqual(['exec', 'chaos-r1-mem-target', 'sh', '-c', 'kill 77']);
  });

  it('leaves a process that now runs something else under that pid', async () => {
    const { run, calls } = engine({ startedAt: STARTED }, () => 'node bin/chaos.js target ');
    await expect(containerProcessUndoer(run)(hog, context)).resolves.toMatch(/no longer/);
    expect(calls.some((c) => c.includes('kill 77'))).toBe(false);
  });

  it('refuses an entry that does not name the hog this framework starts', () => {
    expect(containerProcessProblem({ ...hog, command: 'sh -c reboot' })).toMatch(
      /not the memory hog/,
    );
    expect(containerProcessProblem({ ...hog, pid: 1 })).toMatch(/not a process/);
    expect(containerProcessProblem(hog)).toBeNull();
  });
});

describe('container-memory undo', () => {
  it('restores a limit the container had', async () => {
    const { run, calls } = engine({ startedAt: STARTED, memory: 4 * 2 ** 30 });
    await containerMemoryUndoer(run)(
      { container: 'chaos-r1-mem-target', previousMemory: 2 ** 29, previousSwap: 2 ** 29 },
      context,
    );
    expect(calls.at(-1)).toEqual([
      'update',
      '--memory',
      String(2 ** 29),
      '--memory-swap',
      String(2 ** 29),
      'chaos-r1-mem-target',
    ]);
  });

  it('says it cannot lift a limit the container never had, and changes nothing', async () => {
    const { run, calls } = engine({ startedAt: STARTED, memory: 2 ** 29 });
    const detail = await containerMemoryUndoer(run)(
      { container: 'chaos-r1-mem-target', previousMemory: 0, previousSwap: 0 },
      context,
    );
    expect(detail).toMatch(/engine cannot remove one/);
    expect(calls.some((c) => c[0] === 'update')).toBe(false);
  });
});

describe('ownership of entries that name a container', () => {
  const registry = new FaultRegistry();
  const problem = (kind: string, params: Record<string, unknown>) =>
    registry.ledgerKinds.get(kind)!.ownership(params, 'r1');

  it("refuses another run's container, for every container fault kind", () => {
    for (const kind of [
      'container-nofile',
      'container-memory',
      'container-process',
      'container-nft-table',
    ])
      expect(
        problem(kind, {
          container: 'chaos-r2-x-target',
          table: 'chaos_loss',
          ...{ pid: 5, command: 'node src/faults/memory-hog-process.mjs 1' },
        }),
        kind,
      ).toMatch(/not this run's/);
  });

  it("accepts this run's own", () => {
    expect(problem('container-nofile', { container: 'chaos-r1-x-target' })).toBeNull();
    expect(
      problem('container-nft-table', { container: 'chaos-r1-x-toxiproxy', table: 'chaos_loss' }),
    ).toBeNull();
    expect(
      problem('container-nft-table', { container: 'chaos-r1-x-toxiproxy', table: 'filter' }),
    ).toMatch(/not one this framework makes/);
  });
});
