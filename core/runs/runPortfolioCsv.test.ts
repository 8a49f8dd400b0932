import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizeResult } from '../../api/domain.ts';
import type { Envelope } from '../../api/envelope.ts';
import type { CsvExport, RunSummary, StoredRun } from '../../api/runs.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';

let home: string;
let core: Core;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-runs-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

function value<T>(r: Envelope<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

describe('runs/list, runs/show, runs/portfolioCsv', () => {
  it('gives back the portfolio.csv optimize wrote, CASH row included, for an account value and without one', async () => {
    const cases = [
      { out: path.join(home, 'account'), accountValue: 100_000, maxNames: 25, timeLimit: 2 },
      { out: path.join(home, 'weights'), maxWeight: 0.05 },
    ];
    for (const options of cases) {
      const result = value<OptimizeResult>(await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: 60, ...options }));
      const written = readFileSync(path.join(options.out, 'portfolio.csv'), 'utf8');
      const exported = value<CsvExport>(await core.dispatch('runs/portfolioCsv', { id: result.runId }));
      expect(exported.fileName).toBe(`portfolio-run-${result.runId}.csv`);
      expect(exported.csv).toBe(written);
      expect(written.includes('\nCASH,')).toBe(options.accountValue !== undefined);
      expect(written.trim().split('\n')).toHaveLength(1 + result.holdings.length + (options.accountValue ? 1 : 0));
    }
  });

  it('keeps the holdings in the stored run, shows it with its spans, and lists runs newest first without holdings', async () => {
    const result = value<OptimizeResult>(await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: 40 }));
    const shown = value<StoredRun>(await core.dispatch('runs/show', { id: result.runId }));
    expect(shown).toMatchObject({ id: result.runId, kind: 'optimize', status: 'optimal', universe: 'demo', useCase: 'index-tracking', solver: 'highs' });
    expect((shown.result as OptimizeResult).holdings).toEqual(result.holdings);
    expect(shown.spans.filter((s) => s.parent === null).map((s) => s.name)).toEqual(['load', 'returns', 'holdings', 'assemble', 'solve', 'allocate', 'persist']);

    const listed = value<RunSummary[]>(await core.dispatch('runs/list', {}));
    expect(listed[0]!.id).toBe(result.runId);
    expect(listed.map((r) => r.id)).toEqual([...listed.map((r) => r.id)].sort((a, b) => b - a));
    expect(listed[0]!.result).toMatchObject({ objective: result.objective, names: result.names });
    expect(listed[0]!.result).not.toHaveProperty('holdings');
    expect(value<RunSummary[]>(await core.dispatch('runs/list', { limit: 1 }))).toHaveLength(1);
    expect(value<RunSummary[]>(await core.dispatch('runs/list', { kind: 'bench' }))).toEqual([]);
  });

  it('answers a run without a portfolio and an unknown run with not-found, and a bad id with bad-input', async () => {
    const infeasible = await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: 40, maxWeight: 0.001 });
    expect(infeasible).toMatchObject({ ok: false, error: { code: 'infeasible' } });
    const runId = value<RunSummary[]>(await core.dispatch('runs/list', { limit: 1 }))[0]!.id;
    expect(await core.dispatch('runs/portfolioCsv', { id: runId })).toEqual({
      ok: false,
      error: { code: 'not-found', message: `run ${runId} has no portfolio: it ended infeasible`, where: { field: 'id' } },
    });
    expect(await core.dispatch('runs/show', { id: 99_999 })).toEqual({ ok: false, error: { code: 'not-found', message: 'no run 99999 in the store', where: { field: 'id' } } });
    expect(await core.dispatch('runs/portfolioCsv', { id: 99_999 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await core.dispatch('runs/show', { id: 1.5 })).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'id' } } });
  });
});
