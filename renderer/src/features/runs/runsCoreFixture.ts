import type { Envelope } from '../../../../api/envelope.ts';
import { runsListArgs, runsWaterfallArgs } from '../../../../api/methods.ts';
import type { RunDiff, RunSummary, WaterfallLayout } from '../../../../api/runs.ts';
import { ScriptedCore } from '../../api/scriptedCore.ts';
import { batchLayout, optimizeLayout, runSummary } from './waterfallFixture.ts';

/**
 * A core holding three runs (an optimize, a batch, a failed optimize) for the Runs screen's tests: runs/list
 * filters them as the store does, runs/layout, runs/diff and runs/waterfall answer for them, runs/delete removes one.
 * Arguments are checked against the api's schemas, so a call the real core would refuse fails here too.
 */
export function runsCore(): { core: ScriptedCore; runs: RunSummary[] } {
  const runs: RunSummary[] = [
    runSummary({ id: 9, kind: 'batch', status: 'done', createdAt: '2026-04-10T12:05:00.000Z', durationMs: 2100 }),
    runSummary({ id: 8, kind: 'optimize', status: 'infeasible', createdAt: '2026-04-09T09:00:00.000Z', universe: 'sp500', durationMs: 300 }),
    runSummary({ id: 7, kind: 'optimize', status: 'optimal', createdAt: '2026-04-08T08:00:00.000Z', durationMs: 1000 }),
  ];
  const layouts = new Map<number, WaterfallLayout>([
    [7, optimizeLayout(7)],
    [8, { ...optimizeLayout(8), status: 'infeasible', title: 'optimize 8 · sp500 · index-tracking · 300 ms' }],
    [9, batchLayout(9)],
  ]);
  const notFound = (id: unknown): Envelope<never> => ({ ok: false, error: { code: 'not-found', message: `no run ${String(id)} in the store`, where: { field: 'id' } } });
  const core = new ScriptedCore()
    .answer('runs/list', (args) => {
      const f = runsListArgs.parse(args);
      const value = runs
        .filter((r) => (!f.kind || r.kind === f.kind) && (!f.status || r.status === f.status) && (!f.universe || r.universe === f.universe) && (!f.since || r.createdAt >= f.since))
        .slice(0, f.limit);
      return { ok: true, value };
    })
    .answer('runs/layout', ({ id }) => {
      const layout = runs.some((r) => r.id === id) ? layouts.get(Number(id)) : undefined;
      return layout ? { ok: true, value: layout } : notFound(id);
    })
    .answer('runs/diff', ({ a, b }) => {
      const ra = runs.find((r) => r.id === a);
      const rb = runs.find((r) => r.id === b);
      if (!ra || !rb) return notFound(ra ? b : a);
      const value: RunDiff = {
        a: ra,
        b: rb,
        stages: [
          { path: 'load', depth: 0, aMs: 100, bMs: 200, deltaMs: 100 },
          { path: 'solve', depth: 0, aMs: 800, bMs: null, deltaMs: null },
          { path: 'solve / mip', depth: 1, aMs: 700, bMs: null, deltaMs: null },
          { path: 'optimize', depth: 0, aMs: null, bMs: 1800, deltaMs: null },
          { path: 'persist', depth: 0, aMs: 50, bMs: 20, deltaMs: -30 },
        ],
        fields: [
          { field: 'kind', a: ra.kind, b: rb.kind },
          { field: 'options.timeLimit', a: 10, b: 0.5 },
        ],
      };
      return { ok: true, value };
    })
    .answer('runs/waterfall', (args) => {
      const { id, format, with: other } = runsWaterfallArgs.parse(args);
      if (!runs.some((r) => r.id === id)) return notFound(id);
      const fileName = `waterfall-run-${id}${other ? `-vs-${other}` : ''}.${format}`;
      const text = format === 'svg' ? `<svg xmlns="http://www.w3.org/2000/svg"><title>run ${id}</title></svg>` : `<!doctype html><title>run ${id}</title>`;
      return { ok: true, value: { fileName, mediaType: format === 'svg' ? 'image/svg+xml' : 'text/html', text } };
    })
    .answer('runs/delete', ({ id }) => {
      const at = runs.findIndex((r) => r.id === id);
      if (at < 0) return notFound(id);
      runs.splice(at, 1);
      return { ok: true, value: { deleted: 1 } };
    });
  return { core, runs };
}
