#!/usr/bin/env node
// `npm run build` step two: tsc emits only JavaScript from TypeScript, so copy the files
// the code reads at run time (the .proto schema, the browser scripts, the memory hog)
// from src/ to dist/ beside the modules that read them.

import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const assets = /\.(proto|js|mjs)$/;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

let copied = 0;
for (const file of walk(src).filter((f) => assets.test(f))) {
  const target = join(dist, relative(src, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
  copied += 1;
}
console.log(`copy-assets: ${copied} file(s) copied from src/ to dist/`);
