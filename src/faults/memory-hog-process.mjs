// The co-located memory hog: allocates and touches the bytes it is told to, says so on
// stdout, and holds them until it is ended. Plain JavaScript so it starts in
// milliseconds without a TypeScript loader.
//
// Given a cgroup usage file and its ceiling as well, it holds the group near the ceiling
// instead of holding a fixed amount: it gives chunks back when the group passes 95 % and
// takes them again (up to its bytes) below the line it was filled to. In a container the
// group is also charged the pages of the binaries the target runs from, which the
// kernel cannot reclaim while they run; a fixed hog there leaves the target's own growth
// under load to the OOM killer, which ends the drill instead of testing the guard.

import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const bytes = Number(process.argv[2]);
if (!(bytes > 0)) {
  process.stderr.write(`memory hog: expected a byte count, got ${process.argv[2]}\n`);
  process.exit(2);
}
const [usageFile, ceilingText] = process.argv.slice(3);
const ceiling = Number(ceilingText);
const chunk = 16 * 1024 * 1024;
const held = [];
for (let left = bytes; left > 0; left -= chunk) {
  // fill() touches every page, so the memory is resident and charged to the cgroup.
  held.push(Buffer.alloc(Math.min(chunk, left), 1));
}
process.stdout.write(`${JSON.stringify({ event: 'ready', held: bytes })}\n`);
setInterval(() => held.length, 60_000);

if (usageFile && ceiling > 0) {
  // If the kernel must kill in this group after all, the hog goes first, not the target.
  try {
    writeFileSync('/proc/self/oom_score_adj', '1000');
  } catch {
    // Raising one's own score needs no privilege; where it is refused, size decides.
  }
  // A buffer given back is only returned to the kernel when V8 collects it: ask for that.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const usage = () => Number(readFileSync(usageFile, 'utf8').trim());
  // Small steps, often: the target grows by tens of MB within a second under load, and
  // the guard's critical line (90 %) sits only a few steps below the ceiling.
  const step = 4 * 1024 * 1024;
  const filledTo = usage();
  const high = 0.95 * ceiling;
  setInterval(() => {
    let now = usage();
    if (now > high && held.length > 0) {
      while (now > high && held.length > 0) now -= held.pop().length;
      gc();
    } else if (now < filledTo - step && heldBytes() < bytes) {
      held.push(Buffer.alloc(step, 1));
    }
  }, 50).unref();
}

function heldBytes() {
  return held.reduce((sum, buffer) => sum + buffer.length, 0);
}
