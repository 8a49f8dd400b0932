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
