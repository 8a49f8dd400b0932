import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Highs } from 'highs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstNames, madOf, orLibraryProblem, trackingModel } from '../../heuristics/fixtures/orLibraryModels.ts';
import { maxViolation, variableSet, type ModelIR } from '../../model/ir.ts';
import type { TrackingProblem } from '../../tracking/trackingProblem.ts';
import { writeMps } from '../../writers/mpsWriter.ts';
import type { SolveResult } from '../backend.ts';
import { compileHighsWasm, loadHighsRuntime } from '../highs/highsRuntime.ts';
import { solveWithHighs } from '../highs/highsSolve.ts';
import { createCbcBackend } from './cbcBackend.ts';
import { createGurobiBackend } from './gurobiBackend.ts';
import { gurobiStandIn, gurobiStandInWith, type GurobiStandInRun } from './testing/gurobiStandIn.ts';

/*
 * The Gurobi backend's whole path (MPS model, arguments, .mst MIP start, ResultFile, LogFile, log) against the
 * stand-in for gurobi_cl in testing/, which implements gurobi_cl's documented command line and files and solves
 * with the real CBC. Not Gurobi: what is proven is that the backend speaks gurobi_cl's language and reads its
 * answers; gurobiReal.test.ts runs the same models on a real gurobi_cl where there is one.
 */

let highs: Highs;
let dir: string;
/** indtrack1 (31 Hang Seng stocks, 290 weeks): the tracking LP */
let lpProblem: TrackingProblem;
let lp: ModelIR;
/** the first 6 stocks of indtrack2 (DAX 100), at most 2 held, each at least 5 %: a MILP proven in about a second */
let milpProblem: TrackingProblem;
let milp: ModelIR;
let highsLp: SolveResult;
let highsMilp: SolveResult;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jessica-gurobi-stand-in-'));
  highs = await loadHighsRuntime(await compileHighsWasm());
  lpProblem = orLibraryProblem('indtrack1');
  lp = trackingModel(lpProblem, {});
  milpProblem = firstNames(orLibraryProblem('indtrack2'), 6);
  milp = trackingModel(milpProblem, { maxNames: 2, minWeight: 0.05 });
  highsLp = solveWithHighs(highs, lp, { timeLimitSec: 30 });
  highsMilp = solveWithHighs(highs, milp, { timeLimitSec: 30 });
  expect(highsLp.status).toBe('optimal');
  expect(highsMilp.status).toBe('optimal');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function weightsOf(ir: ModelIR, x: readonly number[]): number[] {
  const w = variableSet(ir, 'weights')!;
  return x.slice(w.start, w.start + w.count);
}

/** A directory of its own for one stand-in with switches. */
async function standInWith(name: string, switches: Parameters<typeof gurobiStandInWith>[1]): Promise<string> {
  const own = path.join(dir, name);
  await mkdir(own, { recursive: true });
  return gurobiStandInWith(own, switches);
}

async function recordedRuns(file: string): Promise<GurobiStandInRun[]> {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as GurobiStandInRun);
}

describe('the Gurobi backend on the stand-in for gurobi_cl, against CBC and HiGHS on real data', () => {
  it('solves the tracking LP of indtrack1 to the optimum HiGHS and CBC find', async () => {
    const gurobi = createGurobiBackend({ executable: gurobiStandIn });
    const cbc = createCbcBackend();
    const [g, c] = await Promise.all([gurobi.solve(lp, { timeLimitSec: 30, keepLog: true }), cbc.solve(lp, { timeLimitSec: 30 })]);
    await Promise.all([gurobi.close(), cbc.close()]);

    expect(g.status).toBe('optimal');
    expect(g.solver).toBe('gurobi');
    expect(g.solverVersion).toBe('12.0.1');
    expect(g.log).toContain('Read MPS format model from file model.mps');
    expect(g.log!.some((l) => /^Solved in \d+ iterations and [\d.]+ seconds/.test(l))).toBe(true);
    expect(c.status).toBe('optimal');
    // CBC prints the point to 8 significant digits and its LP objective to 8 decimals: the optimum agrees to that
    expect(Math.abs(g.objective! - highsLp.objective!)).toBeLessThan(1e-8);
    expect(Math.abs(g.objective! - c.objective!)).toBeLessThan(1e-8);
    expect(g.bound).toBe(g.objective);
    // the objective is the mean absolute deviation of the portfolio the point holds, computed from the prices
    expect(maxViolation(lp, g.x!)).toBeLessThan(1e-6);
    expect(madOf(lpProblem, weightsOf(lp, g.x!))).toBeCloseTo(g.objective!, 9);
  });

  it('solves a name-limit MILP of indtrack2 to the optimum HiGHS and CBC prove', async () => {
    const gurobi = createGurobiBackend({ executable: gurobiStandIn });
    const cbc = createCbcBackend();
    const [g, c] = await Promise.all([gurobi.solve(milp, { timeLimitSec: 30, keepLog: true }), cbc.solve(milp, { timeLimitSec: 30 })]);
    await Promise.all([gurobi.close(), cbc.close()]);

    expect(g.status).toBe('optimal');
    expect(g.solverStatus).toBe('Optimal solution found (tolerance 1.00e-04)');
    expect(c.status).toBe('optimal');
    // proven optima agree within the gap each solver allows (1e-4, relative); here they agree to the digit
    expect(Math.abs(g.objective! - highsMilp.objective!)).toBeLessThanOrEqual(1e-4 * highsMilp.objective!);
    expect(Math.abs(g.objective! - c.objective!)).toBeLessThanOrEqual(1e-4 * c.objective!);
    expect(g.objective!).toBeCloseTo(highsMilp.objective!, 8);
    expect(g.bound!).toBeLessThanOrEqual(g.objective! + 1e-12);
    expect(g.gap!).toBeLessThanOrEqual(1e-4);

    const w = weightsOf(milp, g.x!);
    const held = w.filter((v) => v > 1e-9);
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThanOrEqual(2);
    expect(Math.min(...held)).toBeGreaterThanOrEqual(0.05 - 1e-7);
    expect(maxViolation(milp, g.x!)).toBeLessThan(1e-6);
    expect(madOf(milpProblem, w)).toBeCloseTo(g.objective!, 8);
  });

  it('hands a MIP start over as an .mst file, with Threads, MIPGap and TimeLimit, and the stand-in reads them', async () => {
    const record = path.join(dir, 'runs.jsonl');
    const gurobi = createGurobiBackend({ executable: await standInWith('recording', { record }) });
    const start = highsMilp.x!;
    const r = await gurobi.solve(milp, { mipStart: start, threads: 2, mipRelGap: 1e-4, timeLimitSec: 30, keepLog: true });
    await gurobi.close();
    expect(r.status).toBe('optimal');

    const [run] = await recordedRuns(record);
    expect(run!.argv).toEqual(['TimeLimit=30', 'MIPGap=0.0001', 'Threads=2', 'ResultFile=solution.sol', 'LogFile=gurobi.log', 'InputFile=start.mst', 'model.mps']);
    // the .mst: every column by its name in the MPS file, integer columns rounded, in the SOL format
    const mst = run!.inputFiles['start.mst']!.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const names = writeMps(milp).columnNames;
    expect(mst.map((l) => l.split(' ')[0])).toEqual(names);
    mst.forEach((l, j) => {
      const expected = milp.cols.types[j] === 'integer' ? Math.round(start[j]!) : start[j]!;
      expect(Number(l.split(' ')[1])).toBe(expected);
    });

    expect(r.log).toContain('Set parameter Threads to value 2');
    expect(r.log).toContain('Set parameter TimeLimit to value 30');
    expect(r.log).toContain('Read MIP start from file start.mst');
    // CBC took the start, whose objective is HiGHS's optimum
    const loaded = r.log!.map((l) => /^Loaded user MIP start with objective (\S+)/.exec(l)).find((m) => m);
    expect(Number(loaded![1])).toBeCloseTo(highsMilp.objective!, 6);
    expect(r.log!.some((l) => /^Thread count was 2 \(of \d+ available processors\)$/.test(l))).toBe(true);
    expect(r.objective!).toBeCloseTo(highsMilp.objective!, 8);
  });

  it('stops at TimeLimit with its incumbent, bound and gap', async () => {
    // all 31 stocks of indtrack1 in whole shares of a $10,000 account: neither solver proves it in a second
    const hard = trackingModel(lpProblem, { accountValue: 10_000 });
    const gurobi = createGurobiBackend({ executable: gurobiStandIn });
    const r = await gurobi.solve(hard, { timeLimitSec: 1 });
    await gurobi.close();
    expect(r.status).toBe('time-limit');
    expect(r.solverStatus).toBe('Time limit reached');
    expect(r.message).toMatch(/time limit of 1 s with an incumbent that is not proven optimal/);
    expect(maxViolation(hard, r.x!)).toBeLessThan(1e-6);
    expect(r.bound!).toBeLessThan(r.objective!);
    expect(r.gap!).toBeGreaterThan(1e-4);
    expect(r.solveMs).toBeLessThan(10_000);
  });
});

describe('what the stand-in reports that Gurobi would', () => {
  it('reports a missing licence in Gurobi’s words, without a solve', async () => {
    const gurobi = createGurobiBackend({ executable: await standInWith('missing', { licence: 'missing' }) });
    const r = await gurobi.solve(milp, { timeLimitSec: 30 });
    await gurobi.close();
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/^gurobi_cl did not solve model .*: ERROR 10009: No Gurobi license found \(user \S+, host \S+, hostid 8e3f21aa, cores \d+\)$/);
    expect(r.x).toBeUndefined();
  });

  it('reports an expired licence in Gurobi’s words', async () => {
    const gurobi = createGurobiBackend({ executable: await standInWith('expired', { licence: 'expired' }) });
    const r = await gurobi.solve(lp);
    await gurobi.close();
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/: ERROR 10009: License expired 2024-12-31$/);
  });

  it('says how to install gurobi_cl when there is none', async () => {
    const missing = path.join(dir, 'nowhere', 'gurobi_cl');
    const gurobi = createGurobiBackend({ executable: missing });
    const r = await gurobi.solve(milp);
    await gurobi.close();
    expect(r.status).toBe('error');
    expect(r.solverStatus).toBe('Not installed');
    expect(r.message).toBe(
      `${missing} was not found at ${missing}: gurobi_cl is not installed: install the Gurobi Optimizer from ` +
        'gurobi.com/downloads with its licence (grbgetkey), and put its bin folder on the PATH, or pass its path as executable',
    );
  });

  it('in its "worse" mode, calls a feasible point optimal whose objective is worse by the amount asked', async () => {
    const gurobi = createGurobiBackend({ executable: await standInWith('worse', { worse: 0.01 }) });
    const r = await gurobi.solve(milp, { timeLimitSec: 30 });
    await gurobi.close();
    expect(r.status).toBe('optimal');
    expect(r.objective!).toBeGreaterThanOrEqual(highsMilp.objective! * 1.01 - 1e-9);
    // a point of the model whose objective c'x is the one claimed (MAD's split deviations may carry the difference)
    expect(maxViolation(milp, r.x!)).toBeLessThan(1e-6);
    const cx = milp.offset + r.x!.reduce((s, v, j) => s + milp.cols.cost[j]! * v, 0);
    expect(cx).toBeCloseTo(r.objective!, 8);
  });
});
