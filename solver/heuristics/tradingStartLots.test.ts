import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { maxViolation, variableSet } from '../model/ir.ts';
import { gainFraction, holdingPeriod, type AccountHoldings } from '../tracking/accountHoldings.ts';
import { applyOverrides } from '../usecases/overrides.ts';
import { demoHoldings, demoProblem } from '../usecases/testing/demoAccount.ts';
import { transition } from '../usecases/transition.ts';
import { tradingStart } from './tradingStart.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

describe('trading start with whole shares per tax lot (transition of the demo account)', () => {
  const problem = demoProblem();
  // a lot with a fraction of a share, so that the fraction flag is set too
  const holdings: AccountHoldings = { ...demoHoldings(), lots: [...demoHoldings().lots, { ticker: 'HOTL', shares: 0.5, costBasis: 90, acquired: '2020-06-01' }] };
  const H = problem.tickers.map((t) => holdings.lots.filter((l) => l.ticker === t).reduce((s, l) => s + l.shares, 0));
  const V = holdings.cash + H.reduce((s, n, i) => s + n * problem.prices[i]!, 0);
  const { ir } = assembleModel(applyOverrides(transition, { accountValue: V }), { problem, holdings, accountValue: V });

  it('sells each name\'s shares from its lots in whole shares, the lots taxed least per dollar first, and is a valid incumbent', () => {
    const out = tradingStart(highs, ir, { deadlineMs: performance.now() + 10_000 });
    const rounded = out.candidates.filter((c) => c.name.startsWith('rounded'));
    expect(rounded.length).toBe(2);
    for (const c of rounded) expect(c.completion.feasible, c.completion.feasible ? '' : c.completion.reason).toBe(true);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const x = out.start.x;
    expect(maxViolation(ir, x)).toBeLessThan(1e-7);

    const nu = variableSet(ir, 'lot-shares')!;
    const shares = variableSet(ir, 'shares')!;
    // the tax per dollar sold of each lot, from the use case's rates, independently of the model
    const taxPerDollar = holdings.lots.map((l) => {
      const i = problem.tickers.indexOf(l.ticker);
      return (holdingPeriod(l.acquired!, problem.asOf) === 'short' ? 0.37 : 0.2) * gainFraction(l.costBasis!, problem.prices[i]!);
    });
    let sellers = 0;
    problem.tickers.forEach((ticker, i) => {
      const ks = holdings.lots.map((l, k) => (l.ticker === ticker ? k : -1)).filter((k) => k >= 0);
      if (ks.length === 0) return;
      const fractionFlag = (k: number): number => {
        const j = ir.cols.names.indexOf(`lotFraction[${ticker}#${k + 1}]`);
        return j < 0 ? 0 : x[j]!;
      };
      const sold = ks.map((k) => x[nu.start + k]! + (holdings.lots[k]!.shares % 1) * fractionFlag(k));
      ks.forEach((k) => expect(Number.isInteger(x[nu.start + k])).toBe(true));
      // shares sold from the lots = shares held − shares kept (nothing is sold and bought back)
      const kept = x[shares.start + i]!;
      if (kept < H[i]!) {
        sellers++;
        expect(sold.reduce((a, b) => a + b, 0)).toBeCloseTo(H[i]! - kept, 9);
      }
      // a lot is touched only once every lot taxed less per dollar is sold whole
      for (const k of ks) {
        if (x[nu.start + k]! <= 0) continue;
        for (const j of ks) if (taxPerDollar[j]! < taxPerDollar[k]! - 1e-12) expect(sold[ks.indexOf(j)]).toBeCloseTo(holdings.lots[j]!.shares, 9);
      }
    });
    expect(sellers).toBeGreaterThan(0);
  });
});
