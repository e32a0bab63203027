// lezer-promql 0.42 ships types, but its package.json `exports` has no `types` entry, so
// NodeNext resolution cannot find them; this declares the one export used here.
declare module '@prometheus-io/lezer-promql' {
  import type { LRParser } from '@lezer/lr';
  export const parser: LRParser;
}
