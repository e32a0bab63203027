// Loads an nftables ruleset with `nft -f -`, here or inside a namespace (`prefix` is
// `ip netns exec <name>`), bounded at 10 s; nft's own message on failure.

import { spawn } from 'node:child_process';

export async function runNftScript(prefix: readonly string[], ruleset: string): Promise<void> {
  const [command, ...args] = [...prefix, 'nft', '-f', '-'];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command!, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`nft -f - failed (exit ${code}): ${stderr.trim()}`));
    });
    child.stdin.end(ruleset);
  });
}
