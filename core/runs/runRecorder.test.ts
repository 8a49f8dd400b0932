import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { RunRecorder } from './runRecorder.ts';

describe('RunRecorder', () => {
  it('nests spans opened inside others and measures each', async () => {
    const rec = new RunRecorder();
    await rec.span('load', async () => {
      await rec.span('read', () => new Promise((r) => setTimeout(r, 20)));
    });
    await rec.span('solve', () => 1, { solver: 'highs' });
    const [load, read, solve] = rec.spans;
    expect(read!.parent).toBe(load!.id);
    expect(solve!.parent).toBeNull();
    expect(read!.durationMs).toBeGreaterThanOrEqual(15);
    expect(load!.durationMs).toBeGreaterThanOrEqual(read!.durationMs);
    expect(solve!.startMs).toBeGreaterThanOrEqual(load!.startMs + load!.durationMs);
    expect(solve!.attrs).toEqual({ solver: 'highs' });
  });

  it('lays solver phases end to end under their span, dotted names nested under their phase', async () => {
    const rec = new RunRecorder();
    await rec.span('solve', () => undefined);
    rec.addChildren('solve', [
      { name: 'heuristic', durationMs: 100 },
      { name: 'pass', durationMs: 10 },
      { name: 'mip', durationMs: 50 },
      { name: 'mip.presolve', durationMs: 5 },
      { name: 'mip.branch-and-bound', durationMs: 40 },
    ]);
    const by = (name: string) => rec.spans.find((s) => s.name === name)!;
    const solve = by('solve');
    expect(by('heuristic')).toMatchObject({ parent: solve.id, startMs: solve.startMs });
    expect(by('pass')).toMatchObject({ parent: solve.id, startMs: solve.startMs + 100 });
    expect(by('mip')).toMatchObject({ parent: solve.id, startMs: solve.startMs + 110 });
    expect(by('presolve')).toMatchObject({ parent: by('mip').id, startMs: solve.startMs + 110 });
    expect(by('branch-and-bound')).toMatchObject({ parent: by('mip').id, startMs: solve.startMs + 115, durationMs: 40 });
  });

  it('tells onSpan of each span as it starts, before its work runs, nested ones with their parent', async () => {
    const told: { name: string; parent: number | null; workDone: boolean }[] = [];
    let workDone = false;
    const rec = new RunRecorder({ onSpan: (s) => told.push({ name: s.name, parent: s.parent, workDone }) });
    await rec.span('load', async () => {
      await rec.span('read', () => {
        workDone = true;
      });
    });
    await rec.span('solve', () => undefined);
    rec.addChildren('solve', [{ name: 'pass', durationMs: 1 }]);
    expect(told).toEqual([
      { name: 'load', parent: null, workDone: false },
      { name: 'read', parent: 1, workDone: false },
      { name: 'solve', parent: null, workDone: true },
    ]);
  });
});

describe('RunRecorder on the clock every thread shares', () => {
  it("places a worker thread's work by the epoch times it reported, inside the span that awaited it", async () => {
    const rec = new RunRecorder();
    let reported: { startedEpochMs: number; endedEpochMs: number; thread: number } | undefined;
    await rec.span('optimize', async () => {
      await new Promise((r) => setTimeout(r, 20));
      const worker = new Worker(
        `const { parentPort, threadId } = require('node:worker_threads');
         const startedEpochMs = performance.timeOrigin + performance.now();
         const until = performance.now() + 60; while (performance.now() < until) {}
         parentPort.postMessage({ startedEpochMs, endedEpochMs: performance.timeOrigin + performance.now(), thread: threadId });`,
        { eval: true },
      );
      const exited = new Promise((resolve, reject) => {
        worker.once('exit', resolve);
        worker.once('error', reject);
      });
      reported = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await exited;
      await new Promise((r) => setTimeout(r, 20));
    });
    const optimize = rec.spans[0]!;
    const task = rec.addTimedEpoch(optimize, { name: 'c1', ...reported!, attrs: { model: 'c1' } })!;
    expect(task).toMatchObject({ parent: optimize.id, name: 'c1', attrs: { model: 'c1', thread: reported!.thread, lane: 0 } });
    expect(task.durationMs).toBeGreaterThanOrEqual(59);
    // the worker started after the 20 ms wait and ended before the 20 ms after it: on the recorder's clock too
    expect(task.startMs).toBeGreaterThanOrEqual(optimize.startMs + 19);
    expect(task.startMs + task.durationMs).toBeLessThanOrEqual(optimize.startMs + optimize.durationMs - 19);
  });

  it('numbers pool threads 0, 1, … in the order they first appear, and gives a child process no lane', async () => {
    const rec = new RunRecorder();
    await rec.span('optimize', () => undefined);
    const at = rec.originEpochMs;
    const lanes = [17, 9, 17, 23, 9].map((thread, k) => rec.addTimedEpoch('optimize', { name: `c${k}`, startedEpochMs: at, endedEpochMs: at, thread })!.attrs);
    expect(lanes).toEqual([{ thread: 17, lane: 0 }, { thread: 9, lane: 1 }, { thread: 17, lane: 0 }, { thread: 23, lane: 2 }, { thread: 9, lane: 1 }]);
    const process = rec.addTimedEpoch('optimize', { name: 'process', startedEpochMs: at + 5, endedEpochMs: at + 12.5, thread: null, attrs: { pid: 4242 } })!;
    expect(process).toMatchObject({ startMs: 5, durationMs: 7.5, attrs: { pid: 4242 } });
  });

  it('times synchronous work as a nested span, and samples while it runs when asked', async () => {
    const rec = new RunRecorder();
    rec.startSampling({ intervalMs: 10 });
    await rec.span('publish', () => {
      rec.spanSync('replace', () => {
        const until = performance.now() + 30;
        while (performance.now() < until) {
          // a transaction that never yields
        }
      });
    });
    await rec.span('persist', () => undefined);
    rec.stopSampling();
    const [publish, replace, persist] = rec.spans;
    expect(replace).toMatchObject({ parent: publish!.id, name: 'replace' });
    expect(replace!.durationMs).toBeGreaterThanOrEqual(29);
    // the event loop was blocked throughout: the sample is taken as the next stage starts
    expect(rec.samples.some((s) => s.tMs >= replace!.startMs + 29 && s.tMs <= persist!.startMs + 1)).toBe(true);
  });
});
