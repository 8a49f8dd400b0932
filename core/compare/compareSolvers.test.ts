import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../api/runs.ts';
import type { CompareResult } from '../../api/solvers.ts';
import { gurobiStandInWith } from '../../solver/backends/cli/testing/gurobiStandIn.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';

let home: string;
let core: Core;
const originalPath = process.env.PATH;
/** PATH without any directory holding a gurobi_cl: Gurobi is absent for sure */
const pathWithoutGurobi = (originalPath ?? '')
  .split(path.delimiter)
  .filter((d) => d !== '' && !existsSync(path.join(d, 'gurobi_cl')))
  .join(path.delimiter);

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-compare-'));
  core = createCore(openServices({ home, highsWorkers: 2 }));
  process.env.PATH = pathWithoutGurobi;
});
afterAll(async () => {
  process.env.PATH = originalPath;
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

async function compare(args: Record<string, unknown>): Promise<CompareResult> {
  const r = await core.dispatch('solvers/compare', { universe: 'demo', useCase: 'index-tracking', ...args });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as CompareResult;
}

describe('solvers/compare', () => {
  it('solves the demo tracking LP with HiGHS and CBC, which agree, and writes the comparison, portfolios, logs and spans', async () => {
    const out = path.join(home, 'lp');
    const r = await compare({ solvers: ['highs', 'cbc'], out, timeLimit: 60 });
    expect(r.modelClass).toBe('LP');
    expect(r.start).toBeNull();
    expect(r.noStartReason).toMatch(/an LP/);
    expect(r.entries.map((e) => [e.solver, e.start, e.status])).toEqual([
      ['highs', 'none', 'optimal'],
      ['cbc', 'none', 'optimal'],
    ]);
    expect(r.agreement).toMatchObject({ compared: 2, disagreements: [] });
    const [h, c] = r.entries;
    expect(Math.abs(h!.objective! - c!.objective!)).toBeLessThanOrEqual(r.agreement.tolerance * 1.01);
    // two optimal portfolios of one LP may differ, but they track equally well
    expect(Math.abs(h!.trackingError! - c!.trackingError!)).toBeLessThan(1e-4);
    for (const e of r.entries) {
      expect(e.iterations).toBeGreaterThan(0);
      expect(e.phases.length).toBeGreaterThan(0);
      expect(e.holdings.reduce((s, x) => s + x.weight, 0)).toBeCloseTo(1, 6);
      expect(e.names).toBe(e.holdings.length);
    }

    const csv = parse(readFileSync(path.join(out, 'comparison.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(csv[0]!)).toEqual(['solver', 'start', 'status', 'objective', 'bound', 'gap', 'seconds', 'nodes', 'iterations', 'tracking_error', 'names']);
    expect(csv.map((row) => [row.solver, row.status, Number(row.objective), Number(row.names)])).toEqual(r.entries.map((e) => [e.solver, e.status, e.objective, e.names]));
    for (const solver of ['highs', 'cbc']) {
      const portfolio = parse(readFileSync(path.join(out, `${solver}.portfolio.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
      expect(portfolio.map((row) => row.ticker)).toEqual(r.entries.find((e) => e.solver === solver)!.holdings.map((x) => x.ticker));
      expect(readFileSync(path.join(out, `${solver}.log`), 'utf8')).toMatch(solver === 'highs' ? /HiGHS/ : /CBC|Clp/);
    }
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')) as CompareResult;
    const solve = run.spans.find((s) => s.name === 'solve' && s.parent === null)!;
    const perSolver = run.spans.filter((s) => s.parent === solve.id).map((s) => s.name);
    expect(perSolver.sort()).toEqual(['cbc', 'highs']);
    const childrenOf = (parent: { id: number }) => run.spans.filter((s) => s.parent === parent.id);
    // HiGHS ran on a pool thread: the model's pass and its phases are inside that task
    const highsSpan = run.spans.find((s) => s.name === 'highs' && s.parent === solve.id)!;
    const [worker] = childrenOf(highsSpan);
    expect(worker).toMatchObject({ name: 'worker', attrs: { lane: 0 } });
    expect(childrenOf(worker!).map((s) => s.name)).toEqual(expect.arrayContaining(['pass', 'presolve']));
    // CBC ran as a child process: its model file written, then the process from spawn to exit with its log's phases
    const cbcSpan = run.spans.find((s) => s.name === 'cbc' && s.parent === solve.id)!;
    const [pass, cbcProcess] = childrenOf(cbcSpan);
    expect([pass!.name, cbcProcess!.name]).toEqual(['pass', 'process']);
    expect(cbcProcess!.startMs).toBeGreaterThanOrEqual(pass!.startMs + pass!.durationMs - 0.01);
    expect(childrenOf(cbcProcess!).map((s) => s.name)).toEqual(['solve']);

    const runs = await core.dispatch('runs/list', { kind: 'compare' });
    expect(runs.ok && (runs.value as RunSummary[]).find((x) => x.id === r.runId)).toMatchObject({ kind: 'compare', status: 'done' });
  }, 180_000);

  it('gives every solver the same heuristic start on a name-limited MILP, and also solves without it when asked', async () => {
    const r = await compare({ solvers: ['highs', 'cbc'], starts: ['heuristic', 'none'], maxNames: 10, lookback: 120, timeLimit: 8 });
    expect(r.modelClass).toBe('MILP');
    expect(r.start).not.toBeNull();
    expect(r.entries.map((e) => `${e.solver}/${e.start}`)).toEqual(['highs/heuristic', 'highs/none', 'cbc/heuristic', 'cbc/none']);
    for (const e of r.entries) {
      expect(['optimal', 'time-limit']).toContain(e.status);
      if (e.names !== null) expect(e.names).toBeLessThanOrEqual(10);
      // a solver handed the start never ends worse than it
      if (e.start === 'heuristic' && e.objective !== null) expect(e.objective).toBeLessThanOrEqual(r.start!.objective * (1 + 1e-7));
    }
    expect(r.schedule.concurrency).toBeGreaterThanOrEqual(1);
    expect(r.schedule.words).toMatch(/4/);
  }, 180_000);

  it('flags two proven optima that disagree: a solver stand-in that calls a worse point optimal', async () => {
    const dir = path.join(home, 'worse-gurobi');
    mkdirSync(dir, { recursive: true });
    await gurobiStandInWith(dir, { worse: 0.05 });
    process.env.PATH = `${dir}${path.delimiter}${pathWithoutGurobi}`;
    try {
      const r = await compare({ solvers: ['highs', 'gurobi'], timeLimit: 60 });
      expect(r.entries.map((e) => e.status)).toEqual(['optimal', 'optimal']);
      expect(r.agreement.disagreements).toHaveLength(1);
      const d = r.agreement.disagreements[0]!;
      expect(d).toMatchObject({ a: 'highs', b: 'gurobi' });
      expect(d.objectiveB).toBeGreaterThan(d.objectiveA * 1.04);
      expect(d.message).toMatch(/highs's point is feasible .* so gurobi's "optimal" is wrong/);
      const runs = await core.dispatch('runs/list', { kind: 'compare' });
      expect(runs.ok && (runs.value as RunSummary[]).find((x) => x.id === r.runId)?.status).toBe('disagreement');
    } finally {
      process.env.PATH = pathWithoutGurobi;
    }
  }, 180_000);

  it('refuses, before any solve, a solver that cannot take the model or is not installed', async () => {
    const absent = await core.dispatch('solvers/compare', { universe: 'demo', useCase: 'index-tracking', solvers: ['highs', 'gurobi'] });
    expect(absent.ok).toBe(false);
    if (!absent.ok) {
      expect(absent.error.code).toBe('bad-input');
      expect(absent.error.where?.field).toBe('solvers');
      expect(absent.error.message).toMatch(/solver gurobi is not installed here \(gurobi_cl is not on the PATH\)/);
    }
    for (const [method, args] of [
      ['usecases/copy', { id: 'index-tracking', newId: 'variance-tracking' }],
      ['usecases/disable', { id: 'variance-tracking', component: 'obj.tracking-mad' }],
      ['usecases/enable', { id: 'variance-tracking', component: 'obj.tracking-variance' }],
    ] as const) {
      const done = await core.dispatch(method, args);
      expect(done.ok, JSON.stringify(done)).toBe(true);
    }
    const qp = await core.dispatch('solvers/compare', { universe: 'demo', useCase: 'variance-tracking', solvers: ['highs', 'cbc'] });
    expect(qp.ok).toBe(false);
    if (!qp.ok) expect(qp.error.message).toMatch(/solver cbc cannot solve a QP model .*obj\.tracking-variance/);
  }, 60_000);
});
