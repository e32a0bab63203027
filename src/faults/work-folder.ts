// A drill's work folder in the temp folder (Prometheus's TSDB, Alertmanager's data, the
// generated configs), ledgered like any change so `chaos rollback` removes it after a
// crash. Its name carries the run's id; ownership.ts checks it before anything is removed.

import { rmSync } from 'node:fs';
import type { Undoer } from './undoer.js';

export function workFolderName(runId: string): string {
  return `tickstorm-chaos-${runId}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

export const undoWorkFolder: Undoer = async (params) => {
  const dir = String(params.dir);
  rmSync(dir, { recursive: true, force: true });
  return `removed work folder ${dir}`;
};
