import { describe, expect, it } from 'vitest';
import { containerUndoer, networkUndoer, type CommandRunner } from './container-undo.js';
import { CommandError } from '../proc/run-command.js';
import { FaultRegistry } from './fault-registry.js';

const context = { log: () => {} };

/** A runner that answers like the docker CLI would, and remembers what it was asked. */
function runner(answer: (args: string[]) => string | CommandError) {
  const calls: { file: string; args: string[]; timeoutMs?: number }[] = [];
  const run: CommandRunner = async (file, args, timeoutMs) => {
    calls.push({ file, args, timeoutMs });
    const result = answer(args);
    if (result instanceof CommandError) throw result;
    return result;
  };
  return { run, calls };
}

const failed = (stderr: string, exitCode: number | null = 1) =>
  new CommandError('docker ...', stderr, exitCode);

describe('undoContainer', () => {
  it('removes the container by its recorded name, with its volumes, within a bound', async () => {
    const { run, calls } = runner(() => 'chaos-r1-prometheus\n');
    const detail = await containerUndoer(run)(
      { container: 'chaos-r1-prometheus', part: 'prometheus' },
      context,
    );
    expect(detail).toBe('removed container chaos-r1-prometheus (prometheus)');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.file).toBe('docker');
    expect(calls[0]!.args).toEqual(['rm', '--force', '--volumes', 'chaos-r1-prometheus']);
    expect(calls[0]!.timeoutMs).toBeGreaterThan(0);
  });

  it('says "already gone" when a newer CLI removes nothing and exits 0', async () => {
    const { run } = runner(() => '');
    await expect(containerUndoer(run)({ container: 'chaos-r1-target' }, context)).resolves.toBe(
      'container chaos-r1-target was already gone',
    );
  });

  it('says "already gone" when an older CLI fails with "No such container"', async () => {
    const { run } = runner(() =>
      failed('Error response from daemon: No such container: chaos-r1-target'),
    );
    await expect(containerUndoer(run)({ container: 'chaos-r1-target' }, context)).resolves.toBe(
      'container chaos-r1-target was already gone',
    );
  });

  it('fails, saying what to do, when the engine does not answer: the entry stays for later', async () => {
    const { run } = runner(() =>
      failed(
        'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      ),
    );
    await expect(containerUndoer(run)({ container: 'c1' }, context)).rejects.toThrow(
      /could not remove container c1: the container engine does not answer .*chaos rollback/,
    );
  });

  it('fails, saying what to do, when there is no docker CLI', async () => {
    const { run } = runner(() => failed('spawn docker ENOENT', null));
    await expect(containerUndoer(run)({ container: 'c1' }, context)).rejects.toThrow(
      /no docker CLI on PATH/,
    );
  });

  it('passes any other failure on with the command that failed', async () => {
    const { run } = runner(() => failed('permission denied while trying to connect'));
    await expect(containerUndoer(run)({ container: 'c1' }, context)).rejects.toThrow(
      /could not remove container c1: .*permission denied/,
    );
  });
});

describe('undoNetwork', () => {
  it('removes the network, and calls a missing one already gone', async () => {
    const removed = runner(() => 'chaos-r1\n');
    await expect(networkUndoer(removed.run)({ network: 'chaos-r1' }, context)).resolves.toBe(
      'removed network chaos-r1',
    );
    expect(removed.calls[0]!.args).toEqual(['network', 'rm', 'chaos-r1']);
    const missing = runner(() => failed('Error response from daemon: network chaos-r1 not found'));
    await expect(networkUndoer(missing.run)({ network: 'chaos-r1' }, context)).resolves.toBe(
      'network chaos-r1 was already gone',
    );
  });
});

describe('the ledger kinds', () => {
  it('revert ledger entries of kind container and network, as part of the stack', () => {
    const { ledgerKinds } = new FaultRegistry();
    expect(ledgerKinds.get('container')?.undo).toBeTypeOf('function');
    expect(ledgerKinds.get('network')?.stack).toBe(true);
  });
});
