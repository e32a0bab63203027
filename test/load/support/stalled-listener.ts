// A listener whose process never accepts: a child Node process listens with a backlog
// of 1 and then blocks its event loop. The kernel completes a couple of handshakes into
// the accept queue and drops further SYNs, so those connects hang: a real connect_timeout.

import { type ChildProcess, spawn } from 'node:child_process';

const SCRIPT = `
const net = require('node:net');
const server = net.createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(String(server.address().port) + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);
});
`;

export interface StalledListener {
  address: { host: string; port: number };
  pid: number;
  kill(): Promise<void>;
}

export async function startStalledListener(): Promise<StalledListener> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SCRIPT], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error('the stalled listener did not print its port within 15 s')),
      15_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(Number(text.trim()));
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`the stalled listener exited with ${code} before listening`)),
    );
  });
  return {
    address: { host: '127.0.0.1', port },
    pid: child.pid!,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
