// Whether this process can create network namespaces (root and `ip netns`): tests that
// need one skip, saying so, where it cannot.

import { execFileSync } from 'node:child_process';

export function canMakeNamespaces(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
