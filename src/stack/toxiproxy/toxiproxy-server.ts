// Starts `toxiproxy-server` on 127.0.0.1 at an ephemeral port and waits until its
// API answers.

import { findBinary } from '../find-binary.js';
import { MissingToolError } from '../missing-tool-error.js';
import { freePort, isAddressInUse } from '../free-port.js';
import { ReadinessError, waitUntil } from '../process/readiness.js';
import { SupervisedProcess } from '../process/supervised.js';
import { ToxiproxyClient } from './toxiproxy-client.js';
import { inPlacement, LOOPBACK, type Placement } from '../placement.js';

export interface RunningToxiproxy {
  url: string;
  client: ToxiproxyClient;
  process: SupervisedProcess;
}

export async function startToxiproxy(
  options: {
    readyWithinMs?: number;
    env?: NodeJS.ProcessEnv;
    placement?: Placement;
    /** Called as soon as the process exists, before its API answers: the ledger records it there. */
    onSpawned?: (process: SupervisedProcess) => void;
  } = {},
): Promise<RunningToxiproxy> {
  const placement = options.placement ?? LOOPBACK;
  const binary = findBinary('toxiproxy-server', options.env);
  if (!binary) {
    throw new MissingToolError(
      'toxiproxy-server was not found in .tools/bin or on PATH; run `npm run setup` to build Toxiproxy 2.12.0',
    );
  }
  for (let attempt = 1; ; attempt++) {
    // In a fresh namespace every port is free; on this host, probe for one.
    const port = await freePort();
    const command = inPlacement(placement, binary, [
      '-host',
      placement.host,
      '-port',
      String(port),
    ]);
    const process = await SupervisedProcess.start({
      name: 'toxiproxy-server',
      command: command.command,
      args: command.args,
      // Its per-connection warnings (every reset client) are noise at drill rates, and
      // after a crashed `chaos` a write to the closed pipe would kill it by SIGPIPE.
      env: { ...(options.env ?? globalThis.process.env), LOG_LEVEL: 'error' },
    });
    options.onSpawned?.(process);
    const url = `http://${placement.host}:${port}`;
    const client = new ToxiproxyClient(url);
    try {
      await waitUntil(async () => (await client.version()).length > 0, {
        what: `toxiproxy-server did not answer /version on ${placement.host}:${port}`,
        withinMs: options.readyWithinMs ?? 10_000,
        process,
      });
      return { url, client, process };
    } catch (error) {
      await process.stop(1000);
      if (attempt < 3 && error instanceof ReadinessError && isAddressInUse(process.stderrTail(30)))
        continue;
      throw error;
    }
  }
}
