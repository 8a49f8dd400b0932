import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './vitest.summaryReporter.ts'],
    include: ['{api,solver,core,cli,server,electron,bench,setup,assets}/**/*.test.ts', 'renderer/src/**/*.test.{ts,tsx}'],
    // Solver tests run real HiGHS in worker threads and real CBC processes: two cores, so two files at a time.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
