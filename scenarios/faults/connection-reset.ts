// A fault kind written with the public API, as a user would: a connection-reset storm.
// Every `every`, it destroys a `share` of the target's established stream sockets that
// have been idle at least `idleFor` (no data either way and no ACK, as a NAT or load
// balancer idle timer sees them), with `ss -K`: the kernel resets them as a middlebox
// that forgot the flow would. Without `idleFor`, any established socket is fair game.
// The storm is a process of its own, recorded in the ledger before it acts, so the end
// of the drill and `chaos rollback` after a crash both stop it.

import { parseDuration } from '../../src/prom/promql/duration.js';
import {
  ActionUnavailableError,
  defineFault,
  faultProcessKind,
  startFaultProcess,
  z,
} from '../../src/faults/define-fault.js';

const duration = z
  .string()
  .refine((text) => /^\d+(ms|s|m)$/.test(text) && parseDuration(text) > 0, {
    message: 'expected a duration like "1s" or "500ms"',
  });

// The storm itself: waits for "go" on stdin, then sweeps until its bound. Argument order:
// port, share, every ms, idle ms, bound ms, network namespace ("" for none).
const STORM = String.raw`
const { execFile } = require('node:child_process');
const [port, share, everyMs, idleMs, boundMs, netns] = process.argv.slice(1);
const prefix = netns ? ['ip', 'netns', 'exec', netns] : [];
const ss = (args) => new Promise((resolve) => {
  const [command, ...rest] = [...prefix, 'ss', ...args];
  execFile(command, rest, { timeout: 5000, maxBuffer: 1 << 26 }, (error, out) => resolve(error ? { error: error.message.split('\n')[0] } : { out }));
});
const idleOf = (info) => Math.min(...['lastsnd', 'lastrcv', 'lastack'].map((k) => Number(new RegExp(k + ':(\\d+)').exec(info)?.[1] ?? 0)));
async function sweep() {
  const listed = await ss(['-tniH', 'state', 'established', '( sport = :' + port + ' )']);
  if (listed.error) return { error: listed.error };
  const lines = listed.out.split('\n');
  const peers = [];
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i].trim().split(/\s+/);
    if (fields.length < 4 || /^\s/.test(lines[i])) continue;
    const info = /^\s/.test(lines[i + 1] ?? '') ? lines[i + 1] : '';
    peers.push({ peer: fields[3], idle: idleOf(info) });
  }
  const idle = peers.filter((p) => p.idle >= Number(idleMs));
  const chosen = idle.filter(() => Math.random() < Number(share));
  let reset = 0;
  for (let i = 0; i < chosen.length; i += 64) {
    const batch = chosen.slice(i, i + 64).map((p) => 'dst ' + p.peer).join(' or ');
    const killed = await ss(['-tnHK', 'state', 'established', '( sport = :' + port + ' ) and ( ' + batch + ' )']);
    if (killed.error) return { error: killed.error };
    reset += killed.out.split('\n').filter((l) => l.trim() !== '').length;
  }
  return { established: peers.length, idle: idle.length, reset };
}
console.log('waiting');
process.stdin.once('data', async () => {
  const end = Date.now() + Number(boundMs);
  while (Date.now() < end) {
    const started = Date.now();
    console.log(JSON.stringify(await sweep()));
    await new Promise((r) => setTimeout(r, Math.max(0, Number(everyMs) - (Date.now() - started))));
  }
  process.exit(0);
});
`;

export default defineFault({
  type: 'connection-reset',
  summary: "reset a share of the target's (idle) established connections, again and again (ss -K)",
  options: z.object({
    /** Fraction of the eligible sockets reset at each sweep, 0..1 (default 1). */
    share: z.number().min(0).max(1).optional(),
    /** Time between sweeps (default "1s"). */
    every: duration.optional(),
    /** Only sockets idle at least this long (a middlebox's idle timeout); default: any. */
    idleFor: duration.optional(),
  }),
  create: (spec) => {
    const share = spec.share ?? 1;
    const everyMs = parseDuration(spec.every ?? '1s');
    const idleMs = spec.idleFor ? parseDuration(spec.idleFor) : 0;
    const eligible =
      idleMs > 0 ? `connections idle at least ${spec.idleFor}` : 'established connections';
    return {
      kind: 'connection-reset',
      intent: `reset ${Math.round(share * 100)} % of the target's ${eligible} every ${spec.every ?? '1s'}`,
      async apply(context) {
        if (process.getuid?.() !== 0)
          throw new ActionUnavailableError('ss -K needs root (CAP_NET_ADMIN) to destroy sockets');
        const { stream, netns } = context.stack.target;
        const storm = await startFaultProcess(context, 'storm', 'reset storm', process.execPath, [
          '-e',
          STORM,
          String(stream.port),
          String(share),
          String(everyMs),
          String(idleMs),
          String(6 * 3600_000),
          netns ?? '',
        ]);
        const first = JSON.parse(storm.firstLine) as {
          error?: string;
          established?: number;
          idle?: number;
          reset?: number;
        };
        if (first.error)
          throw new ActionUnavailableError(`the storm's first sweep failed: ${first.error}`);
        return {
          kind: 'connection-reset',
          summary: `resetting ${Math.round(share * 100)} % of the target's ${eligible} every ${spec.every ?? '1s'} (first sweep: ${first.established} established, ${first.idle} eligible, ${first.reset} reset)`,
          how: `storm pid ${storm.identity.pid}: ss -tniH state established '( sport = :${stream.port} )', then ss -K on the chosen peers${netns ? ` in namespace ${netns}` : ''}`,
          details: { pid: storm.identity.pid, share, everyMs, idleMs, first },
        };
      },
    };
  },
  ledgerKinds: { storm: faultProcessKind },
  doctor: () => [
    {
      name: 'fault connection-reset (ss -K)',
      ok: process.getuid?.() === 0,
      detail:
        process.getuid?.() === 0
          ? 'root: ss -K can destroy sockets'
          : 'ss -K needs root (CAP_NET_ADMIN)',
      fix: 'run as root',
      required: false,
    },
  ],
});
