import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { identify } from '../process/proc-identity.js';
import { FollowedProcess } from './followed-process.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function sleeper(): ChildProcess {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

describe('a target process followed through restarts it did not make', () => {
  it('keeps the process while it lives, then takes the one on the port, once, and says so', async () => {
    const first = sleeper();
    const second = sleeper();
    let listener: number | null = first.pid!;
    const logged: string[] = [];
    const followed = new FollowedProcess(
      identify(first.pid!)!,
      8080,
      (m) => logged.push(m),
      () => listener,
    );
    const moved: number[] = [];
    followed.onRestart(async (identity) => void moved.push(identity.pid));

    expect(followed.process()?.pid).toBe(first.pid);
    first.kill('SIGKILL');
    await exited(first);
    listener = null;
    expect(followed.process()).toBeNull();
    expect(followed.process()).toBeNull();
    listener = second.pid!;
    expect(followed.process()?.pid).toBe(second.pid);
    expect(followed.process()?.pid).toBe(second.pid);

    expect(followed.restarts).toEqual([
      expect.objectContaining({
        by: 'not the drill',
        fromPid: first.pid,
        toPid: second.pid,
        how: `pid ${first.pid} exited; pid ${second.pid} listens on :8080 now`,
      }),
    ]);
    expect(moved).toEqual([second.pid]);
    expect(logged.filter((l) => l.includes('exited, and the drill did not end it'))).toHaveLength(
      1,
    );
  });
});
