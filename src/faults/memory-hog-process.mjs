// The co-located memory hog: allocates and touches the bytes it is told to, says so on
// stdout, and holds them until it is ended. Plain JavaScript so it starts in
// milliseconds without a TypeScript loader.

const bytes = Number(process.argv[2]);
if (!(bytes > 0)) {
  process.stderr.write(`memory hog: expected a byte count, got ${process.argv[2]}\n`);
  process.exit(2);
}
const chunk = 16 * 1024 * 1024;
const held = [];
for (let left = bytes; left > 0; left -= chunk) {
  // fill() touches every page, so the memory is resident and charged to the cgroup.
  held.push(Buffer.alloc(Math.min(chunk, left), 1));
}
process.stdout.write(`${JSON.stringify({ event: 'ready', held: bytes })}\n`);
setInterval(() => held.length, 60_000);
