import { defineConfig } from 'vitest/config';

// Integration tests start real processes (toxiproxy, prometheus, the target) and
// contend for two cores, so they run one file at a time with generous hook bounds;
// no assertion depends on wall time.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
