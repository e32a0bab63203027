// Toxiproxy does not exit when its port is taken: it logs the failed listen and lives on
// without an API, and whatever holds the port answers the readiness probe instead (a CI
// run once waited 10 s on the target's own HTTP server answering 404). In the drill's
// namespace a port taken by something else must be noticed at once and another one
// used. Real namespace, a real listener squatting on the port, real toxiproxy-server.

import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canMakeNamespaces } from '../helpers/can-make-namespaces.js';
import { createNetns, netnsExists, undoNetns, type Netns } from '../../src/faults/netns.js';
import { startToxiproxy } from '../../src/stack/toxiproxy/toxiproxy-server.js';

/** An HTTP server inside the namespace that answers 404 to everything, like a target's. */
function squat(netns: Netns, port: number): Promise<ChildProcess> {
  const script = `require('node:http').createServer((q, s) => { s.statusCode = 404; s.end(); }).listen(${port}, '${netns.nsAddress}', () => console.log('listening'))`;
  const child = spawn('ip', ['netns', 'exec', netns.name, process.execPath, '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the squatter exited with ${code}`)));
  });
}

describe.skipIf(!canMakeNamespaces())(
  "toxiproxy-server in the drill's namespace (root, real processes)",
  { timeout: 60_000 },
  () => {
    let netns: Netns;
    let squatter: ChildProcess | null = null;

    beforeAll(async () => {
      netns = await createNetns(`toxiproxy-port-test-${process.pid}`, () => {});
    });

    afterAll(async () => {
      squatter?.kill('SIGKILL');
      if (netns && (await netnsExists(netns.name)))
        await undoNetns({ name: netns.name }, { log: () => {} });
    });

    it('moves to another port at once when its port is taken, and answers there', async () => {
      const taken = 47_474;
      squatter = await squat(netns, taken);
      const toxiproxy = await startToxiproxy({
        placement: { host: netns.nsAddress, netns: netns.name },
        port: taken,
      });
      try {
        expect(toxiproxy.url).toMatch(new RegExp(`^http://${netns.nsAddress}:\\d+$`));
        expect(toxiproxy.url).not.toBe(`http://${netns.nsAddress}:${taken}`);
        expect(await toxiproxy.client.version()).toMatch(/2\.12\.0/);
      } finally {
        await toxiproxy.process.stop(2000);
      }
    });
  },
);
