import type { Reporter, TestModule } from 'vitest/node';

/** Test files listed by the time their tests and hooks took, the slowest first: what to look at when the suite grows. */
const SLOWEST = 15;

/**
 * Ends the run with the slowest files, then the plain line CI reads: `N passed, N failed, N skipped`.
 */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const timed = testModules.map((m) => ({ file: m.relativeModuleId, seconds: m.diagnostic().duration / 1000 })).sort((a, b) => b.seconds - a.seconds);
    const total = timed.reduce((sum, t) => sum + t.seconds, 0);
    process.stdout.write(`\nslowest test files (of ${timed.length}, ${total.toFixed(0)} s of tests and hooks in all, two at a time):\n`);
    for (const t of timed.slice(0, SLOWEST)) process.stdout.write(`${t.seconds.toFixed(1).padStart(8)} s  ${t.file}\n`);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
