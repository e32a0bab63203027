// Starts a server that takes its port as an argument on a free loopback port, and waits
// until it answers its readiness path. A port taken between choosing and binding (another
// drill, another program) is tried again with a new one, at most three times.

import { freePort, isAddressInUse } from '../free-port.js';
import { httpOk, ReadinessError, waitUntil } from './readiness.js';
import { SupervisedProcess } from './supervised.js';

export interface OnFreePortRequest {
  name: string;
  command: string;
  /** The arguments for a port; the server must listen on 127.0.0.1 there. */
  args: (port: number) => string[];
  /** Answers 200 once the server is ready: `/-/ready`. */
  readyPath: string;
  readyWithinMs: number;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Called as soon as the process exists, before it is ready: the ledger records it there. */
  onSpawned?: (process: SupervisedProcess) => void;
}

export async function startOnFreePort(
  request: OnFreePortRequest,
): Promise<{ url: string; process: SupervisedProcess }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const process = await SupervisedProcess.start({
      name: request.name,
      command: request.command,
      args: request.args(port),
      env: request.env,
      cwd: request.cwd,
    });
    request.onSpawned?.(process);
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntil(() => httpOk(`${url}${request.readyPath}`), {
        what: `${request.name} did not answer ${request.readyPath} on 127.0.0.1:${port}`,
        withinMs: request.readyWithinMs,
        process,
      });
      return { url, process };
    } catch (error) {
      await process.stop(2000);
      if (attempt < 3 && error instanceof ReadinessError && isAddressInUse(process.stderrTail(30)))
        continue;
      throw error;
    }
  }
}
