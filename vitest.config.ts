import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites share the PostgreSQL database and spawn processes; two cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
