// Starts `toxiproxy-server` (on loopback, or in the drill's namespace) and waits until its
// API answers; a port someone else holds means another port, not a wait.

import { withoutSecrets } from '../process/child-env.js';
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
    /** The API port to try first (tests take one on purpose); later attempts probe for one. */
    port?: number;
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
    // A port probed on this host; inside the drill's namespace the target's kernel-chosen
    // ports may hold it, which the failed-listen line below catches.
    const port = attempt === 1 && options.port !== undefined ? options.port : await freePort();
    const command = inPlacement(placement, binary, [
      '-host',
      placement.host,
      '-port',
      String(port),
    ]);
    // It logs a failed listen (as JSON, on stdout) and keeps running without its API, so
    // the log line, not an exit, says the port was taken.
    let listenFailure: string | null = null;
    const process = await SupervisedProcess.start({
      name: 'toxiproxy-server',
      command: command.command,
      args: command.args,
      becomes: command.becomes,
      onStdoutLine: (line) => {
        if (!listenFailure && /Server finished with error|address already in use/.test(line))
          listenFailure = line;
      },
      // Its per-connection warnings (every reset client) are noise at drill rates, and
      // after a crashed `chaos` a write to the closed pipe would kill it by SIGPIPE.
      env: { ...withoutSecrets(options.env ?? globalThis.process.env), LOG_LEVEL: 'error' },
    });
    options.onSpawned?.(process);
    const url = `http://${placement.host}:${port}`;
    const client = new ToxiproxyClient(url);
    try {
      await waitUntil(async () => (await client.version()).length > 0, {
        what: `toxiproxy-server did not answer /version on ${placement.host}:${port}`,
        withinMs: options.readyWithinMs ?? 10_000,
        process,
        giveUpIf: () => (listenFailure ? `it could not listen: ${listenFailure}` : null),
      });
      return { url, client, process };
    } catch (error) {
      await process.stop(1000);
      const taken = isAddressInUse(listenFailure ?? '') || isAddressInUse(process.stderrTail(30));
      if (attempt < 3 && error instanceof ReadinessError && taken) continue;
      throw error;
    }
  }
}
