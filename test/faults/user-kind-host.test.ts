// A user's fault kind in its fault host (real processes, no drill): a ledger record
// crosses synchronously and durably, also when the kind exits right after it; a kind that
// hangs, crashes or loops at import is ended within its bound, by pid; an undo proves
// ownership in the host first; and a host that died is replaced for the next request.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionContext, ActionLedger } from '../../src/faults/action.js';
import type { LedgerEntry } from '../../src/faults/ledger.js';
import { FaultHost } from '../../src/faults/user-kind-host-process.js';
import { hostedFaultKind } from '../../src/faults/user-kind-proxy.js';
import { projectRoot } from '../../src/paths.js';
import type { DrillStack } from '../../src/stack/drill-stack.js';
import { isAlive } from '../helpers/run-chaos.js';

const api = JSON.stringify(join(projectRoot, 'src/faults/define-fault.js'));

/** A kind module in a fresh `faults` folder, as the trust checks want it. */
function kindModule(type: string, body: string, prelude = ''): FaultHost {
  const dir = join(mkdtempSync(join(tmpdir(), 'chaos-kind-host-')), 'faults');
  mkdirSync(dir);
  const file = join(dir, `${type}.ts`);
  writeFileSync(
    file,
    `import { defineFault, z } from ${api};\n${prelude}\nexport default defineFault({ type: '${type}', summary: 'test kind', options: z.object({}), ${body} });\n`,
    { mode: 0o644 },
  );
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  return new FaultHost({ type, file, sha256 }, `faults/${type}.ts`, 5000);
}

/** A drill ledger as slow as an fsync on a busy disk, so a record that did not wait is caught. */
function slowLedger(): ActionLedger & { entries: LedgerEntry[] } {
  const entries: LedgerEntry[] = [];
  return {
    entries,
    record(kind, params, description) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      const entry = {
        id: entries.length + 1,
        kind,
        params,
        description,
        recordedAt: new Date().toISOString(),
        reverted: false,
      };
      entries.push(entry);
      return entry;
    },
  };
}

/** The parts of a DrillStack a fault host is sent; the rest is never read here. */
const stackData = {
  provider: 'local',
  prometheus: { baseUrl: 'http://127.0.0.1:1' },
  alertmanager: null,
  toxiproxy: {
    client: { url: 'http://127.0.0.1:2' },
    proxy: 'p',
    listen: { host: '127.0.0.1', port: 3 },
    netns: null,
  },
  target: {
    stream: { host: '127.0.0.1', port: 4 },
    metricsUrl: 'http://127.0.0.1:5/metrics',
    netns: null,
  },
};
const stack = {
  ...stackData,
  target: { ...stackData.target, process: () => null },
} as unknown as DrillStack;

function contextWith(ledger: ActionLedger, lines: string[]): ActionContext {
  return {
    ledger,
    stack,
    drillId: 'd1',
    shared: new Map<string, unknown>([['given', 1]]),
    allowHostChanges: false,
    log: (line) => lines.push(line),
  };
}

const hostPids = (lines: string[]) =>
  lines.flatMap((l) =>
    [...l.matchAll(/fault host started \(pid (\d+)\)/g)].map((m) => Number(m[1])),
  );

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !isAlive(pid);
}

describe("a user's kind in its fault host (real processes)", { timeout: 60_000 }, () => {
  it.concurrent(
    'a record is durable before the kind goes on, even when it exits at once',
    async () => {
      const host = kindModule(
        'records-then-exits',
        `create: () => ({ kind: 'x', intent: 'record, then exit', apply: async (context) => {
        const entry = context.ledger.record('thing', { n: 1 }, 'undo the thing');
        context.log('recorded entry ' + entry.id + ' at ' + entry.recordedAt.length);
        process.exit(0);
      } }), ledgerKinds: { thing: { undo: async () => 'undone', ownership: () => null } }`,
      );
      const kind = await hostedFaultKind(host, [{ type: 'records-then-exits' }]);
      expect(kind.create({ type: 'records-then-exits' }).intent).toBe('record, then exit');
      const ledger = slowLedger();
      const lines: string[] = [];
      await expect(
        kind.create({ type: 'records-then-exits' }).apply(contextWith(ledger, lines)),
      ).rejects.toThrow(
        'faults/records-then-exits.ts: apply ended the process (exit code 0) before it returned',
      );
      expect(ledger.entries).toMatchObject([
        { kind: 'thing', params: { n: 1 }, description: 'undo the thing' },
      ]);
      // Its last log line, written just before the exit, arrived too.
      expect(lines).toContain('faults/records-then-exits.ts: recorded entry 1 at 24');
      expect(await gone(hostPids(lines)[0]!)).toBe(true);
    },
  );

  it.concurrent('intent, settings, needs and an effect reading cross as data', async () => {
    const host = kindModule(
      'reads-back',
      `create: (spec) => ({ kind: 'x', intent: 'read back ' + spec.label, apply: async () => ({ kind: 'x', summary: 'applied', how: '', details: {} }) }),
      options: z.object({ label: z.string() }),
      settings: (spec) => ({ LABEL: spec.label }),
      needs: { proxyPath: true },
      effect: { what: 'the label is read back', read: async ({ applied, shared, stack }) => ({ engaged: true, text: applied.summary + ' ' + shared.get('given') + ' ' + stack.target.stream.port }) }`,
    );
    const spec = { type: 'reads-back', label: 'one' };
    const kind = await hostedFaultKind(host, [spec]);
    expect(kind.create(spec).intent).toBe('read back one');
    expect(kind.settings!(spec)).toEqual({ LABEL: 'one' });
    expect(kind.needs).toEqual({ proxyPath: true });
    expect(kind.effect!.what).toBe('the label is read back');
    const reading = await kind.effect!.read({
      stack,
      shared: new Map([['given', 1]]),
      applied: { kind: 'x', summary: 'applied', how: '', details: {} },
    });
    expect(reading).toEqual({ engaged: true, text: 'applied 1 4' });
    expect(() => kind.create({ type: 'reads-back', label: 'two' } as never)).toThrow(
      /faults\/reads-back\.ts: the spec .* was not among the scenario's/,
    );
    host.end();
  });

  it.concurrent('an apply that spins past its bound: the host is ended by pid', async () => {
    const host = kindModule(
      'spins',
      `create: () => ({ kind: 'x', intent: 'spin', apply: async () => { for (;;) {} } }), bounds: { applyMs: 1500 }`,
    );
    const kind = await hostedFaultKind(host, [{ type: 'spins' }]);
    const lines: string[] = [];
    const started = Date.now();
    await expect(
      kind.create({ type: 'spins' }).apply(contextWith(slowLedger(), lines)),
    ).rejects.toThrow(/^faults\/spins\.ts: apply did not return within 1\.5 s \(bounds\.applyMs\)/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await gone(hostPids(lines)[0]!)).toBe(true);
  });

  it.concurrent('a crash in the middle of an apply says what it said', async () => {
    const host = kindModule(
      'crashes-in-apply',
      `create: () => ({ kind: 'x', intent: 'crash', apply: () => {
        setTimeout(() => { throw new Error('boom in a timer'); }, 10);
        return new Promise(() => {});
      } })`,
    );
    const kind = await hostedFaultKind(host, [{ type: 'crashes-in-apply' }]);
    await expect(
      kind.create({ type: 'crashes-in-apply' }).apply(contextWith(slowLedger(), [])),
    ).rejects.toThrow(
      'faults/crashes-in-apply.ts: apply ended the process (exit code 1) before it returned; it said: Error: boom in a timer',
    );
  });

  it.concurrent('a host spinning when its chaos is killed ends too', async () => {
    const host = kindModule(
      'spins-on',
      `create: () => ({ kind: 'x', intent: 'spin', apply: async () => { for (;;) {} } })`,
    );
    // A stand-in for chaos: asks for the apply, says the host's pid, then is SIGKILLed.
    const parent = join(dirname(host.ref.file), '..', 'chaos.mts');
    const from = (path: string) => JSON.stringify(join(projectRoot, path));
    writeFileSync(
      parent,
      `import { FaultHost } from ${from('src/faults/user-kind-host-process.js')};
       import { hostedFaultKind } from ${from('src/faults/user-kind-proxy.js')};
       const host = new FaultHost(${JSON.stringify(host.ref)});
       const kind = await hostedFaultKind(host, [{ type: 'spins-on' }]);
       host.end();
       const context = { ledger: null, stack: ${JSON.stringify(stackData)}, drillId: 'd', shared: new Map(), allowHostChanges: false, log: (line) => console.log(line) };
       context.stack.prometheus.baseUrl = 'http://127.0.0.1:1';
       context.stack.toxiproxy.client.url = 'http://127.0.0.1:2';
       context.stack.target.process = () => null;
       void kind.create({ type: 'spins-on' }).apply(context);
       setTimeout(() => process.kill(process.pid, 'SIGKILL'), 1500);`,
    );
    const chaos = spawnSync(process.execPath, ['--import', 'tsx', parent], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(chaos.signal, chaos.stderr).toBe('SIGKILL');
    const [pid] = hostPids([chaos.stdout]);
    expect(pid, chaos.stdout + chaos.stderr).toBeDefined();
    expect(await gone(pid!)).toBe(true);
  });

  it.concurrent('a crash after apply returned: the next request gets a fresh host', async () => {
    const host = kindModule(
      'crashes-later',
      `create: () => ({ kind: 'x', intent: 'crash later', apply: async (context) => {
        context.shared.set('left', { by: 'crashes-later' });
        setTimeout(() => { throw new Error('late boom'); }, 50);
        return { kind: 'x', summary: 'applied', how: 'here', details: { pid: process.pid } };
      } }), ledgerKinds: { thing: { undo: async (params) => 'undone ' + params.n + ' in ' + process.pid, ownership: (params, runId) => runId === 'run-1' ? null : 'not run-1' } }`,
    );
    const kind = await hostedFaultKind(host, [{ type: 'crashes-later' }]);
    const lines: string[] = [];
    const context = contextWith(slowLedger(), lines);
    const applied = await kind.create({ type: 'crashes-later' }).apply(context);
    expect(applied.summary).toBe('applied');
    expect(context.shared.get('left')).toEqual({ by: 'crashes-later' });
    const first = Number(applied.details.pid);
    expect(await gone(first)).toBe(true);
    const undo = kind.ledgerKinds!.thing!.undoInHost!;
    const detail = await undo({ n: 7 }, 'run-1', { log: (l) => lines.push(l) });
    expect(detail).toMatch(/^undone 7 in \d+$/);
    expect(detail).not.toBe(`undone 7 in ${first}`);
    await expect(undo({ n: 7 }, 'run-2', { log: () => {} })).rejects.toThrow(
      "refused, not this run's to undo: not run-1",
    );
    // The crash was said where the drill's log is.
    expect(lines.join('\n')).toMatch(/faults\/crashes-later\.ts \(stderr\): Error: late boom/);
    host.end();
  });

  it.concurrent(
    'a module that loops at import: describe ends within the import bound',
    async () => {
      const host = kindModule(
        'loops',
        `create: () => ({ kind: 'x', intent: 'x', apply: async () => ({ kind: 'x', summary: '', how: '', details: {} }) })`,
        'for (;;) {}',
      );
      const started = Date.now();
      await expect(hostedFaultKind(host, [])).rejects.toThrow(
        /^faults\/loops\.ts: importing it did not finish within 5\.0 s; a fault module must only export its definition/,
      );
      expect(Date.now() - started).toBeLessThan(15_000);
    },
  );
});
