import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { tinyProblem } from '../components/testing/tinyProblem.ts';
import { maxViolation, objectiveValue, variableSet, type ModelIR } from '../model/ir.ts';
import type { AccountHoldings } from '../tracking/accountHoldings.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { applyOverrides } from '../usecases/overrides.ts';
import { periodicRebalance } from '../usecases/periodicRebalance.ts';
import { taxLossHarvesting } from '../usecases/taxLossHarvesting.ts';
import { demoHoldings, demoProblem } from '../usecases/testing/demoAccount.ts';
import type { UseCase } from '../usecases/useCase.ts';
import { primalStart } from './primalStart.ts';
import { tradingStart, type TradingCandidate } from './tradingStart.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

/** HiGHS calls a MILP optimal within its relative gap (mip_rel_gap 1e-4): no incumbent beats its optimum by more. */
const provenBelow = (optimum: number): number => optimum - 1e-4 * Math.abs(optimum) - 1e-9;

const later = (): { deadlineMs: number } => ({ deadlineMs: performance.now() + 10_000 });

/** Shares per ticker and V summed from the lots by hand, independently of placeHoldings and var.trades. */
function account(problem: TrackingProblem, holdings: AccountHoldings): { shares: number[]; value: number } {
  const shares = problem.tickers.map((t) => holdings.lots.filter((l) => l.ticker === t).reduce((s, l) => s + l.shares, 0));
  const value = holdings.cash + shares.reduce((s, n, i) => s + n * problem.prices[i]!, 0);
  return { shares, value };
}

function slice(ir: ModelIR, x: ArrayLike<number>, set: string): number[] {
  const s = variableSet(ir, set)!;
  return Array.from(x).slice(s.start, s.start + s.count);
}

function candidate(candidates: TradingCandidate[], name: string): TradingCandidate['completion'] {
  const c = candidates.find((k) => k.name === name);
  expect(c, `candidate ${name}`).toBeDefined();
  return c!.completion;
}

/** The use case with whole shares for V (as `optimize` assembles it) and some components replaced or added. */
function wholeShareModel(useCase: UseCase, problem: TrackingProblem, holdings: AccountHoldings, change: Record<string, Record<string, unknown>> = {}): ModelIR {
  const { value } = account(problem, holdings);
  const base = applyOverrides(useCase, { accountValue: value });
  const components = base.components.map((c) => (change[c.id] ? { id: c.id, params: change[c.id]! } : c));
  for (const [id, params] of Object.entries(change)) if (!components.some((c) => c.id === id)) components.push({ id, params });
  return assembleModel({ ...base, components }, { problem, holdings, accountValue: value }).ir;
}

describe('trading start on a whole-share periodic rebalance of the demo account', () => {
  const problem = demoProblem();
  const holdings = demoHoldings();
  const { shares: H, value: V } = account(problem, holdings);

  it('the status quo is feasible and is the account as it stands', () => {
    const ir = wholeShareModel(periodicRebalance, problem, holdings);
    expect(ir.cols.types.filter((t) => t === 'integer').length).toBeGreaterThan(problem.tickers.length * 2); // shares and trade flags
    const out = tradingStart(highs, ir, later());
    const quo = candidate(out.candidates, 'status-quo');
    expect(quo.feasible).toBe(true);
    if (!quo.feasible) return;
    expect(maxViolation(ir, quo.x)).toBeLessThan(1e-7);
    expect(slice(ir, quo.x, 'shares')).toEqual(H);
    slice(ir, quo.x, 'weights').forEach((w, i) => expect(w).toBeCloseTo((H[i]! * problem.prices[i]!) / V, 12));
    for (const t of [...slice(ir, quo.x, 'buys'), ...slice(ir, quo.x, 'sells')]) expect(Math.abs(t)).toBeLessThan(1e-12);
    for (const f of [...slice(ir, quo.x, 'buying'), ...slice(ir, quo.x, 'selling')]) expect(f).toBe(0);
    expect(quo.objective).toBeCloseTo(objectiveValue(ir, quo.x), 10);
  });

  it('the chosen start is feasible, trades nothing below the minimum, no worse than the status quo and no better than the optimum', () => {
    const ir = wholeShareModel(periodicRebalance, problem, holdings);
    const out = tradingStart(highs, ir, later());
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const x = out.start.x;
    expect(maxViolation(ir, x)).toBeLessThan(1e-7);
    for (const n of slice(ir, x, 'shares')) expect(n).toBe(Math.round(n));
    const X = 0.005; // periodic-rebalance's con.min-trade
    const sells = slice(ir, x, 'sells');
    slice(ir, x, 'buys').forEach((b) => expect(b < 1e-9 || b >= X - 1e-9).toBe(true));
    sells.forEach((s, i) => expect(s < 1e-9 || s >= Math.min(X, (H[i]! * problem.prices[i]!) / V) - 1e-9).toBe(true));
    const turnover = [...slice(ir, x, 'buys'), ...sells].reduce((a, b) => a + b, 0);
    expect(turnover).toBeLessThanOrEqual(0.2 + 1e-9);

    const quo = candidate(out.candidates, 'status-quo');
    expect(quo.feasible).toBe(true);
    if (quo.feasible) expect(out.start.objective).toBeLessThanOrEqual(quo.objective + 1e-12);
    // the rounded trades beat doing nothing on an account this far from the benchmark
    expect(out.start.heuristic).not.toBe('trades:status-quo');
    const rounded = candidate(out.candidates, 'rounded-toward-holdings');
    expect(rounded.feasible).toBe(true);

    const exact = solveWithHighs(highs, ir, { timeLimitSec: 30 });
    expect(exact.status).toBe('optimal');
    expect(out.start.objective).toBeGreaterThanOrEqual(provenBelow(exact.objective!));
    expect(out.start.relaxationBound!).toBeLessThanOrEqual(exact.objective! + 1e-9);
  });

  it('primalStart hands the trade-flag model to it instead of giving up on the flags', () => {
    const ir = wholeShareModel(periodicRebalance, problem, holdings);
    const out = primalStart(highs, ir, later());
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.start.heuristic.startsWith('trades:')).toBe(true);
  });

  it('a cash buffer above the current cash: the status quo gets a reason, and what is returned is feasible', () => {
    const cashNow = holdings.cash / V; // about 4%
    const ir = wholeShareModel(periodicRebalance, problem, holdings, { 'con.cash-buffer': { minCash: 0.1 } });
    const out = tradingStart(highs, ir, later());
    const quo = candidate(out.candidates, 'status-quo');
    expect(cashNow).toBeLessThan(0.1);
    expect(quo.feasible).toBe(false);
    if (!quo.feasible) expect(quo.reason).toMatch(/infeasible/i);
    if (out.ok) {
      expect(maxViolation(ir, out.start.x)).toBeLessThan(1e-7);
      expect(out.start.heuristic).not.toBe('trades:status-quo');
    }
  });

  it('when no start can meet the buffer within the turnover limit, it answers with reasons, not a point', () => {
    // 50% cash needs about 46% of the account sold; the turnover limit allows 20%
    const ir = wholeShareModel(periodicRebalance, problem, holdings, { 'con.cash-buffer': { minCash: 0.5 } });
    const out = tradingStart(highs, ir, later());
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/status-quo: .*infeasible/i);
    for (const c of out.candidates) expect(c.completion.feasible).toBe(false);
  });
});

describe('trading start with wash-sale flags and tax lots (tax-loss harvesting, whole shares)', () => {
  const problem = demoProblem();
  const holdings = demoHoldings();

  it('sets every wash-sale flag, keeps the status quo feasible and is a valid incumbent', () => {
    const ir = wholeShareModel(taxLossHarvesting, problem, holdings);
    expect(ir.annotations.washSale?.columns.length).toBeGreaterThan(0);
    const out = tradingStart(highs, ir, later());
    const quo = candidate(out.candidates, 'status-quo');
    expect(quo.feasible).toBe(true);
    if (quo.feasible) expect(maxViolation(ir, quo.x)).toBeLessThan(1e-7);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(maxViolation(ir, out.start.x)).toBeLessThan(1e-7);
    if (quo.feasible) expect(out.start.objective).toBeLessThanOrEqual(quo.objective + 1e-12);
    const exact = solveWithHighs(highs, ir, { timeLimitSec: 30 });
    expect(exact.status).toBe('optimal');
    expect(out.start.objective).toBeGreaterThanOrEqual(provenBelow(exact.objective!));
  });
});

describe('trading start without whole shares (trade flags only)', () => {
  // tinyProblem: AAA 120, BBB 310, CCC 45; $10,115 held at 0.463, 0.337, 0.200 against a 0.5, 0.3, 0.2 benchmark
  const problem = tinyProblem();
  const holdings: AccountHoldings = { cash: 0, lots: [{ ticker: 'AAA', shares: 39 }, { ticker: 'BBB', shares: 11 }, { ticker: 'CCC', shares: 45 }] };
  const { shares: H, value: V } = account(problem, holdings);

  it('the status quo holds the weights as they are; the flagged start obeys the minimum trade', () => {
    const { ir } = assembleModel(periodicRebalance, { problem, holdings, accountValue: V });
    expect(variableSet(ir, 'shares')).toBeUndefined();
    const out = tradingStart(highs, ir, later());
    const quo = candidate(out.candidates, 'status-quo');
    expect(quo.feasible).toBe(true);
    if (quo.feasible) slice(ir, quo.x, 'weights').forEach((w, i) => expect(w).toBeCloseTo((H[i]! * problem.prices[i]!) / V, 12));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(maxViolation(ir, out.start.x)).toBeLessThan(1e-7);
    for (const t of [...slice(ir, out.start.x, 'buys'), ...slice(ir, out.start.x, 'sells')]) expect(t < 1e-9 || t >= 0.005 - 1e-9).toBe(true);
    const exact = solveWithHighs(highs, ir);
    expect(exact.status).toBe('optimal');
    expect(out.start.objective).toBeGreaterThanOrEqual(provenBelow(exact.objective!));
    if (quo.feasible) expect(out.start.objective).toBeLessThanOrEqual(quo.objective + 1e-12);
  });
});
