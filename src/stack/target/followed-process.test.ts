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
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

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
    await settle();

    expect(followed.restarts).toEqual([
      expect.objectContaining({
        by: 'not the drill',
        fromPid: first.pid,
        toPid: second.pid,
        how: `pid ${first.pid} exited; pid ${second.pid} listens on :8080 now`,
      }),
    ]);
    expect(followed.restarts[0]!.problem).toBeUndefined();
    expect(moved).toEqual([second.pid]);
    expect(logged.filter((l) => l.includes('exited, and the drill did not end it'))).toHaveLength(
      1,
    );
  });

  it('records a fault that could not follow the new process, whether it throws at once or later', async () => {
    const first = sleeper();
    const second = sleeper();
    let listener: number | null = null;
    const followed = new FollowedProcess(
      identify(first.pid!)!,
      8080,
      () => {},
      () => listener,
    );
    followed.onRestart(() => {
      throw new Error('EACCES writing cgroup.procs');
    });
    first.kill('SIGKILL');
    await exited(first);
    listener = second.pid!;
    expect(followed.process()?.pid).toBe(second.pid);
    await settle();
    expect(followed.restarts[0]!.problem).toBe(
      'a fault could not follow the new process: EACCES writing cgroup.procs',
    );
  });

  it('does not take another program on the port for the target, and acts on nothing there', async () => {
    const first = sleeper();
    const stranger = sleeper();
    let listener: number | null = null;
    const followed = new FollowedProcess(
      identify(first.pid!)!,
      8080,
      () => {},
      () => listener,
      (pid) => (pid === first.pid ? '/usr/bin/tickstorm-server' : '/usr/sbin/haproxy'),
    );
    const moved: number[] = [];
    followed.onRestart(async (identity) => void moved.push(identity.pid));
    first.kill('SIGKILL');
    await exited(first);
    listener = stranger.pid!;
    expect(followed.process()).toBeNull();
    expect(followed.process()).toBeNull();
    expect(moved).toEqual([]);
    expect(followed.restarts).toEqual([
      expect.objectContaining({
        toPid: stranger.pid,
        problem: 'another program serves the target port',
        how: expect.stringContaining('runs /usr/sbin/haproxy, not /usr/bin/tickstorm-server'),
      }),
    ]);
  });
});
