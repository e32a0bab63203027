// `chaos doctor`'s view of the docker provider: whether an engine answers (asked as the
// provider asks it), and which images it would find already here. None of it is needed by
// the default (local) drills, so nothing here makes the machine "not ready".

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../paths.js';
import type { Check } from '../part-checks.js';
import { withDeadline } from '../../bounds.js';
import { loadTestcontainers, probeContainerEngine } from './container-engine.js';
import { ALERTMANAGER_IMAGE, PROMETHEUS_IMAGE, TOXIPROXY_IMAGE } from './images.js';

/** The Dockerfile's base (its BASE_IMAGE default): the image the target is built from. */
export function targetBaseImage(): string | null {
  const dockerfile = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8');
  return /^ARG BASE_IMAGE=(\S+)/m.exec(dockerfile)?.[1] ?? null;
}

const SETUP_FIX =
  "start Docker (or set DOCKER_HOST); as root without one, `npm run setup -- --containers` starts an engine of the project's";

export async function checkContainerPath(): Promise<Check[]> {
  const engine = await probeContainerEngine();
  if (!engine.ok) {
    return [
      {
        name: 'container engine (--provider docker)',
        ok: false,
        detail: engine.reason,
        fix: SETUP_FIX,
        required: false,
      },
    ];
  }
  const checks: Check[] = [
    {
      name: 'container engine (--provider docker)',
      ok: true,
      detail: engine.description,
      required: false,
    },
  ];
  const base = targetBaseImage();
  // Asked through the engine's API, as the provider asks it: no docker CLI needed.
  const testcontainers = await loadTestcontainers();
  const client = await testcontainers.getContainerRuntimeClient();
  for (const image of [
    TOXIPROXY_IMAGE,
    PROMETHEUS_IMAGE,
    ALERTMANAGER_IMAGE,
    ...(base ? [base] : []),
  ]) {
    const found = await withDeadline(
      client.image.exists(testcontainers.ImageName.fromString(image)),
      10_000,
      () => new Error('no answer within 10 s'),
    ).catch((error: Error) => error.message);
    checks.push(
      found === true
        ? { name: `image ${image}`, ok: true, detail: 'here', required: false }
        : {
            name: `image ${image}`,
            ok: false,
            detail:
              found === false
                ? 'not here: the first --provider docker run pulls it, where a registry answers'
                : `the engine did not say whether it is here: ${found}`,
            fix: 'where no registry answers, `npm run setup -- --containers` builds a stand-in of that name',
            required: false,
          },
    );
  }
  return checks;
}
