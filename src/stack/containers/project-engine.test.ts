import { describe, expect, it } from 'vitest';
import { PROJECT_DOCKER_SOCKET, useProjectEngine } from './project-engine.js';

describe('useProjectEngine', () => {
  it('takes the project engine named in DOCKER_HOST as on this machine (setup prints it so)', () => {
    const env: NodeJS.ProcessEnv = { DOCKER_HOST: `unix://${PROJECT_DOCKER_SOCKET}` };
    expect(useProjectEngine(env)).toBe(`unix://${PROJECT_DOCKER_SOCKET}`);
    // Without it, testcontainers reads /.dockerenv and guesses the bridge's gateway.
    expect(env.TESTCONTAINERS_HOST_OVERRIDE).toBe('localhost');
  });

  it("leaves another engine the user named, and the user's own host override, alone", () => {
    const other: NodeJS.ProcessEnv = { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' };
    expect(useProjectEngine(other)).toBeNull();
    expect(other).toEqual({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' });
    const overridden: NodeJS.ProcessEnv = {
      DOCKER_HOST: `unix://${PROJECT_DOCKER_SOCKET}`,
      TESTCONTAINERS_HOST_OVERRIDE: '127.0.0.2',
    };
    useProjectEngine(overridden);
    expect(overridden.TESTCONTAINERS_HOST_OVERRIDE).toBe('127.0.0.2');
  });
});
