#!/usr/bin/env node
// The `chaos` command. Scenario files are TypeScript loaded without a build step, so
// tsx is a runtime dependency anyway; the CLI runs from source through it too, which
// means a checkout never runs a stale build.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
