// Whether a container engine answers, asked the way the docker provider will use it
// (testcontainers' own runtime detection), with `docker info` for a reason a person can
// act on. testcontainers is loaded only here, on demand, so no other command needs it.

import { execFile } from 'node:child_process';
import type * as Testcontainers from 'testcontainers';
import { withDeadline } from '../../bounds.js';
import { useProjectEngine } from './project-engine.js';

export type TestcontainersModule = typeof Testcontainers;

export type EngineProbe = { ok: true; description: string } | { ok: false; reason: string };

/** Loads testcontainers; Ryuk stays off unless the user asked for it (see below). */
export async function loadTestcontainers(): Promise<TestcontainersModule> {
  // Ryuk (testcontainers' reaper) publishes its port on every interface; the rollback
  // ledger already removes what a crashed run left, so it is off unless set explicitly.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  useProjectEngine();
  return import('testcontainers');
}

/** Bounded: a few seconds at most, whatever the engine does. */
export async function probeContainerEngine(withinMs = 5000): Promise<EngineProbe> {
  let detected: string;
  try {
    const testcontainers = await loadTestcontainers();
    const client = await bounded(testcontainers.getContainerRuntimeClient(), withinMs);
    const runtime = client.info.containerRuntime;
    return {
      ok: true,
      description: `${runtime.operatingSystem} engine ${runtime.serverVersion} at ${runtime.host}`,
    };
  } catch (error) {
    detected = (error as Error).message;
  }
  return { ok: false, reason: `testcontainers: ${detected}; ${await dockerInfoReason(withinMs)}` };
}

/** What `docker info` says about the server, in one line. */
function dockerInfoReason(withinMs: number): Promise<string> {
  return new Promise((resolve) => {
    const args = ['info', '--format', '{{.ServerVersion}}'];
    execFile('docker', args, { timeout: withinMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(`docker info: server ${stdout.trim()} answers`);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return resolve('docker info: no docker CLI on PATH');
      if (error.killed) return resolve(`docker info: no answer within ${withinMs / 1000} s`);
      const lines = `${stderr}\n${stdout}`.split('\n').map((l) => l.trim());
      const line = lines.find((l) => /cannot connect|error|denied/i.test(l)) ?? lines.find(Boolean);
      resolve(`docker info: ${line ?? error.message}`);
    });
  });
}

function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withDeadline(promise, ms, () => new Error(`no answer within ${ms / 1000} s`));
}
