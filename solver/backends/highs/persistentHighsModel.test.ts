import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelContext } from '../../components/component.ts';
import { solveWithHighs } from './highsSolve.ts';
import { compileHighsWasm, loadHighsRuntime } from './highsRuntime.ts';
import { maxViolation, objectiveValue } from '../../model/ir.ts';
import { indexTracking } from '../../usecases/indexTracking.ts';
import { applyOverrides } from '../../usecases/overrides.ts';
import { newAccountFunding } from '../../usecases/newAccountFunding.ts';
import { smallAccount } from '../../usecases/smallAccount.ts';
import { completeTickers, loadSp500Window, type PriceWindow } from '../../usecases/testing/sp500Window.ts';
import type { UseCase } from '../../usecases/useCase.ts';
import { assembleModel } from '../../assembler/assembleModel.ts';
import { assembleCached, createAssemblyCache } from '../../assembler/cache/assembleCached.ts';
import { PersistentHighsModel } from './persistentHighsModel.ts';
import { shiftedProblem } from '../../assembler/cache/testing/shiftedProblem.ts';

let highs: Highs;
let window: PriceWindow;
let tickers: string[];
// more periods than names, so the in-sample MAD optimum is not 0 (SOLVER-FACTS)
const L = 60;

beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
  window = await loadSp500Window(110);
  tickers = completeTickers(window, 110).slice(0, 40);
});

function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

/**
 * Solves each context twice: patched into one persistent model (through the assembly cache), and
 * cold (a fresh assembly and a fresh HiGHS model). Returns what the persistent model did.
 */
function patchedAgainstCold(useCase: UseCase, contexts: ModelContext[], mipRelGap?: number) {
  const cache = createAssemblyCache();
  const persistent = new PersistentHighsModel(highs, mipRelGap === undefined ? {} : { mipRelGap });
  try {
    return contexts.map((context) => {
      const { ir } = assembleCached(useCase, context, cache);
      const patched = persistent.solve(ir);
      const coldIr = assembleModel(useCase, context).ir;
      const cold = solveWithHighs(highs, coldIr, mipRelGap === undefined ? { primalHeuristics: false } : { mipRelGap, primalHeuristics: false });
      expect(patched.status).toBe('optimal');
      expect(cold.status).toBe('optimal');
      expect(relativeDifference(patched.objective!, cold.objective!)).toBeLessThan(1e-9);
      // the patched model's point is optimal for the cold model too, checked on the IR itself
      // (within HiGHS's feasibility and integrality tolerances, 1e-7 and 1e-6)
      expect(maxViolation(coldIr, patched.x!)).toBeLessThan(1e-6);
      expect(relativeDifference(objectiveValue(coldIr, patched.x!), cold.objective!)).toBeLessThan(1e-7);
      return patched;
    });
  } finally {
    persistent.dispose();
  }
}

describe('PersistentHighsModel', () => {
  it('re-solves the MAD LP over consecutive as-of dates to the cold optimum, passing it whole and starting from the carried basis', () => {
    const starts = [0, 1, 2, 3, 5, 8, 13, 21];
    const runs = patchedAgainstCold(
      indexTracking,
      starts.map((start) => ({ problem: shiftedProblem(window, tickers, start, L) })),
    );
    expect(runs[0]!.load).toBe('passed');
    // a moved window changes nearly every return coefficient: one pass beats one call per entry
    for (const r of runs.slice(1)) {
      expect(r.load).toBe('passed-warm');
      expect(r.patch!.coefficients).toBeGreaterThan(0.05 * L * tickers.length);
      // the rows of the periods both windows share keep their status in the carried basis
      expect(r.patch!.basisByName).toBe('set');
    }
    // one day on, 59 of 60 periods are shared: the carried basis needs fewer iterations than a cold start
    const oneDayOn = new PersistentHighsModel(highs);
    const cold = oneDayOn.solve(assembleModel(indexTracking, { problem: shiftedProblem(window, tickers, 1, L) }).ir);
    oneDayOn.dispose();
    expect(runs[1]!.simplexIterations).toBeLessThan(cold.simplexIterations);
  });

  it('re-solves the MAD LP after a max-weight change from the last basis, in fewer iterations than cold', () => {
    const problem = shiftedProblem(window, tickers, 0, L);
    const withCap = (maxWeight: number) => applyOverrides(indexTracking, { maxWeight });
    const cache = createAssemblyCache();
    const persistent = new PersistentHighsModel(highs);
    try {
      for (const [k, cap] of [0.3, 0.12, 0.1, 0.08].entries()) {
        const useCase = withCap(cap);
        const patched = persistent.solve(assembleCached(useCase, { problem }, cache).ir);
        const coldModel = new PersistentHighsModel(highs);
        const cold = coldModel.solve(assembleModel(useCase, { problem }).ir);
        coldModel.dispose();
        expect(relativeDifference(patched.objective!, cold.objective!)).toBeLessThan(1e-9);
        if (k > 0) {
          expect(patched.load).toBe('patched');
          expect(patched.patch!.colBounds).toBe(tickers.length);
          expect(patched.simplexIterations).toBeLessThan(cold.simplexIterations);
        }
      }
    } finally {
      persistent.dispose();
    }
  });

  it('re-solves new-account funding of a held account over account sizes (an LP) to the cold optimum', () => {
    const problem = shiftedProblem(window, tickers, 4, L);
    const lots = tickers.slice(0, 8).map((ticker, i) => ({ ticker, shares: 20 + 10 * i }));
    const runs = patchedAgainstCold(
      newAccountFunding,
      [2_000, 10_000, 50_000, 250_000, 1_000_000].map((cash) => ({ problem, holdings: { cash, lots } })),
    );
    expect(runs.map((r) => r.load)).toEqual(['passed', 'patched', 'patched', 'patched', 'patched']);
    for (const r of runs.slice(1)) expect(r.patch!.rowBounds).toBeGreaterThan(0);
  });

  it('re-solves the small-account MILP over account sizes to the proven cold optimum', () => {
    const problem = shiftedProblem(window, tickers.slice(0, 12), 0, 30);
    const small: UseCase = {
      ...smallAccount,
      components: smallAccount.components.map((c) => (c.id === 'con.max-names' ? { ...c, params: { maxNames: 5 } } : c)),
    };
    const runs = patchedAgainstCold(
      small,
      [20_000, 60_000, 300_000].map((accountValue) => ({ problem, accountValue })),
      0,
    );
    expect(runs.map((r) => r.load)).toEqual(['passed', 'patched', 'patched']);
    for (const r of runs.slice(1)) expect(r.patch!.coefficients).toBe(12);
  });

  it('gives every run of the kept model its whole time limit, however many runs came before', () => {
    // HiGHS checks time_limit against a run clock that adds up over the runs of one model (issue 13)
    const timeLimitSec = 0.2;
    const persistent = new PersistentHighsModel(highs, { timeLimitSec });
    try {
      let spentMs = 0;
      for (let k = 0; spentMs < 3 * timeLimitSec * 1000 && k < 2000; k++) {
        const cap = [0.3, 0.12, 0.1, 0.08][k % 4];
        const r = persistent.solve(assembleModel(applyOverrides(indexTracking, { maxWeight: cap }), { problem: shiftedProblem(window, tickers, 3, L) }).ir);
        expect(r.status, `run ${k} after ${Math.round(spentMs)} ms of runs`).toBe('optimal');
        expect(r.load).toBe(k === 0 ? 'passed' : 'patched');
        spentMs += r.solveMs;
      }
      expect(spentMs).toBeGreaterThan(3 * timeLimitSec * 1000);
    } finally {
      persistent.dispose();
    }
  });

  it('patches from the model it loaded, even when the caller changes the IR it passed afterwards', () => {
    const first = assembleModel(indexTracking, { problem: shiftedProblem(window, tickers, 0, L) }).ir;
    const second = assembleModel(applyOverrides(indexTracking, { maxWeight: 0.1 }), { problem: shiftedProblem(window, tickers, 0, L) }).ir;
    const persistent = new PersistentHighsModel(highs);
    try {
      persistent.solve(first);
      // as if a caller reused the arrays: now equal to the second model's bounds, which HiGHS never saw
      first.cols.upper.splice(0, first.cols.upper.length, ...second.cols.upper);
      const patched = persistent.solve(second);
      expect(patched.patch!.colBounds).toBe(tickers.length);
      const cold = solveWithHighs(highs, second, { primalHeuristics: false });
      expect(relativeDifference(patched.objective!, cold.objective!)).toBeLessThan(1e-9);
    } finally {
      persistent.dispose();
    }
  });
});
