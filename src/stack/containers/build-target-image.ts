// Builds the reference target's image from the staged context. With the docker CLI when
// there is one: its build is `docker build` exactly, so it reuses every layer setup's
// (or the user's own) `docker build -t … .` left, and a failure comes with the builder's
// own lines. testcontainers' build appends LABEL steps of its own, each a new layer (on
// the vfs driver, a copy of the whole filesystem: minutes); it is the fallback where no
// CLI is installed.

import { CommandError } from '../../proc/run-command.js';
import { ReadinessError } from '../process/readiness.js';
import type { TestcontainersModule } from './container-engine.js';
import { docker } from './docker-cli.js';

export async function buildTargetImage(
  testcontainers: TestcontainersModule,
  image: string,
  context: string,
  withinMs: number,
): Promise<'docker build' | 'testcontainers'> {
  try {
    await docker('docker', ['build', '--quiet', '--tag', image, context], withinMs);
    return 'docker build';
  } catch (error) {
    if (!(error instanceof CommandError) || !/ENOENT/.test(error.stderr)) {
      const lines = (error instanceof CommandError ? error.stderr : (error as Error).message)
        .trim()
        .split('\n')
        .slice(-8)
        .join('\n');
      throw new ReadinessError(`could not build ${image}: ${lines}`);
    }
  }
  await testcontainers.GenericContainer.fromDockerfile(context)
    .build(image, { deleteOnExit: false })
    .catch((error: Error) => {
      // testcontainers reports a failed build without the builder's output.
      throw new ReadinessError(
        `could not build ${image}: ${error.message}; run \`docker build -t ${image} .\` in the project folder to see why`,
      );
    });
  return 'testcontainers';
}
