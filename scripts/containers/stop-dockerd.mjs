#!/usr/bin/env node
// Stops the dockerd `npm run setup -- --containers` started, by its recorded pid, start
// time and command line (never by name); says so when there is none.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopProjectDockerd } from './setup-containers.mjs';

console.log(
  `containers: ${stopProjectDockerd(join(dirname(fileURLToPath(import.meta.url)), '..', '..'))}`,
);
