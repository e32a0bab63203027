// Starts the memory hog inside a cgroup (it joins the group before it allocates, so
// every byte is charged there) and waits until it holds the memory.

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readyLineCollector } from '../stack/process/ready-line.js';
import { SupervisedProcess } from '../stack/process/supervised.js';
import type { MemoryCgroup } from './cgroup-memory.js';

const hogScript = fileURLToPath(new URL('./memory-hog-process.mjs', import.meta.url));

/** `onSpawned` runs as soon as the hog exists, before it holds the memory: the ledger records it there. */
export async function startMemoryHog(
  group: MemoryCgroup,
  bytes: number,
  onSpawned: (hog: SupervisedProcess) => void,
): Promise<SupervisedProcess> {
  const ready = readyLineCollector();
  const procs = join(group.dir, 'cgroup.procs');
  const hog = await SupervisedProcess.start({
    name: 'memory-hog',
    command: 'sh',
    // `$$` is the shell's pid, which `exec` hands to node unchanged.
    args: [
      '-c',
      `echo $$ > "$1" && exec "$2" "$3" "$4"`,
      'hog',
      procs,
      process.execPath,
      hogScript,
      String(bytes),
    ],
    becomes: [process.execPath, hogScript, String(bytes)],
    onStdoutLine: ready.onLine,
  });
  onSpawned(hog);
  try {
    await ready.wait(hog, `the memory hog did not hold ${bytes} bytes`, 30_000);
  } catch (error) {
    await hog.stop(1000);
    throw error;
  }
  return hog;
}
