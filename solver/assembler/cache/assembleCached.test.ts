import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelContext } from '../../components/component.ts';
import { esgExclusions } from '../../usecases/esgExclusions.ts';
import { indexTracking } from '../../usecases/indexTracking.ts';
import { newAccountFunding } from '../../usecases/newAccountFunding.ts';
import { applyOverrides } from '../../usecases/overrides.ts';
import { smallAccount } from '../../usecases/smallAccount.ts';
import { completeTickers, loadSp500Window, type PriceWindow } from '../../usecases/testing/sp500Window.ts';
import type { UseCase } from '../../usecases/useCase.ts';
import { assembleModel } from '../assembleModel.ts';
import { assembleCached, createAssemblyCache, type CacheOutcome } from './assembleCached.ts';
import { shiftedProblem } from './testing/shiftedProblem.ts';

let window: PriceWindow;
let tickers: string[];
const L = 40;

beforeAll(async () => {
  window = await loadSp500Window(80);
  tickers = completeTickers(window, 80).slice(0, 30);
});

/** Assembles every context through one cache and checks each result against a cold assembly of the same data. */
function throughCache(steps: { useCase: UseCase; context: ModelContext }[]): CacheOutcome[] {
  const cache = createAssemblyCache();
  return steps.map(({ useCase, context }) => {
    const cached = assembleCached(useCase, context, cache);
    const cold = assembleModel(useCase, context);
    expect(cached.ir).toEqual(cold.ir);
    expect(cached.modelClass).toBe(cold.modelClass);
    expect(cached.size).toEqual(cold.size);
    return cached.cache;
  });
}

describe('assembleCached', () => {
  it('gives the cold IR of each new as-of date, reusing the template of the first', () => {
    const outcomes = throughCache([0, 1, 5, 20].map((start) => ({ useCase: indexTracking, context: { problem: shiftedProblem(window, tickers, start, L) } })));
    expect(outcomes[0]).toBe('cold');
    expect(outcomes.slice(1).every((o) => o !== 'cold')).toBe(true);
  });

  it('patches a new account value into the whole-share coefficients and share caps (small account)', () => {
    const problem = shiftedProblem(window, tickers, 10, L);
    const outcomes = throughCache([25_000, 40_000, 100_000, 1_000_000].map((accountValue) => ({ useCase: smallAccount, context: { problem, accountValue } })));
    expect(outcomes).toEqual(['cold', 'patched', 'patched', 'patched']);
  });

  it('patches a new max weight and new exclusions into the bounds', () => {
    const problem = shiftedProblem(window, tickers, 3, L);
    // the first 30 tickers hold no Energy name: exclude sectors the universe has
    const excluding = (sector: string): UseCase => ({
      ...esgExclusions,
      components: esgExclusions.components.map((c) => (c.id === 'con.exclusions' ? { ...c, params: { tickers: [], sectors: [sector] } } : c)),
    });
    const steps = [
      applyOverrides(excluding(problem.sectors[1]!), { maxWeight: 0.1, exclude: [tickers[0]!] }),
      applyOverrides(excluding(problem.sectors[1]!), { maxWeight: 0.05, exclude: [tickers[0]!] }),
      applyOverrides(excluding(problem.sectors[1]!), { maxWeight: 0.2, exclude: [tickers[4]!, tickers[7]!] }),
      applyOverrides(excluding(problem.sectors[9]!), { maxWeight: 0.2 }),
    ].map((useCase) => ({ useCase, context: { problem } }));
    expect(throughCache(steps)).toEqual(['cold', 'patched', 'patched', 'patched']);
  });

  it('patches a new account size of an account that holds shares (new-account funding, an LP)', () => {
    const problem = shiftedProblem(window, tickers, 0, L);
    const lots = tickers.slice(0, 6).map((ticker, i) => ({ ticker, shares: 10 + 5 * i }));
    const outcomes = throughCache([5_000, 50_000, 500_000].map((cash) => ({ useCase: newAccountFunding, context: { problem, holdings: { cash, lots } } })));
    expect(outcomes).toEqual(['cold', 'patched', 'patched']);
  });

  it('stays exact when the data drops a coefficient (a return of exactly 0) and says the structure moved', () => {
    const first = shiftedProblem(window, tickers, 0, L);
    const flat = shiftedProblem(window, tickers, 0, L);
    const returns = Float64Array.from(flat.returns);
    for (let t = 0; t < L; t += 7) returns[t * tickers.length + 2] = 0;
    const outcomes = throughCache([first, { ...flat, returns }, first].map((problem) => ({ useCase: indexTracking, context: { problem } })));
    expect(outcomes).toEqual(['cold', 'restructured', 'restructured']);
  });

  it('never alters an IR it handed out, and a new number of periods is a new structure', () => {
    const cache = createAssemblyCache();
    const a = assembleCached(indexTracking, { problem: shiftedProblem(window, tickers, 0, L) }, cache);
    const snapshot = structuredClone(a.ir);
    const b = assembleCached(indexTracking, { problem: shiftedProblem(window, tickers, 9, L) }, cache);
    expect(b.cache).not.toBe('cold');
    expect(b.ir).not.toEqual(a.ir);
    expect(a.ir).toEqual(snapshot);
    const shorter = shiftedProblem(window, tickers, 0, L - 5);
    const c = assembleCached(indexTracking, { problem: shorter }, cache);
    expect(c.cache).toBe('cold');
    expect(c.ir).toEqual(assembleModel(indexTracking, { problem: shorter }).ir);
  });
});
