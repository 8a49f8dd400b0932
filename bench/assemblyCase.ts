/**
 * One bench/assembly case in its own process, so peak memory is the case's own: a use case re-solved over
 * ten contexts (monthly as-of dates, account sizes or exclusion lists), assembled cold and through the
 * assembly cache, solved cold (a fresh HiGHS model each time) and patched (one persistent model).
 * Everything runs in this thread on one in-thread HiGHS instance; the worker pool is not involved.
 * Usage: node --import tsx bench/assemblyCase.ts HOME CASE_JSON; prints one JSON line.
 */
import { openServices } from '../core/services.ts';
import { readPricePanel } from '../core/market/pricePanelReader.ts';
import { findUseCase } from '../core/usecases/findUseCase.ts';
import { assembleModel } from '../solver/assembler/assembleModel.ts';
import { assembleCached, createAssemblyCache } from '../solver/assembler/cache/assembleCached.ts';
import { PersistentHighsModel } from '../solver/backends/highs/persistentHighsModel.ts';
import { compileHighsWasm, loadHighsRuntime } from '../solver/backends/highs/highsRuntime.ts';
import type { ModelContext } from '../solver/components/component.ts';
import { resolveAccountValue, type AccountHoldings, type TaxLot } from '../solver/tracking/accountHoldings.ts';
import type { PricePanel } from '../solver/tracking/pricePanel.ts';
import { buildTrackingProblem } from '../solver/tracking/trackingUniverse.ts';
import { applyOverrides, type ModelOverrides } from '../solver/usecases/overrides.ts';
import type { UseCase } from '../solver/usecases/useCase.ts';
import { median } from './benchTable.ts';

export interface AssemblyCaseArgs {
  useCase: string;
  /** what varies over the ten contexts */
  vary: 'asOf' | 'accountValue' | 'exclusions' | 'accounts';
  lookback: number;
  /** trading days between consecutive as-of dates */
  step?: number;
  accountValues?: number[];
  cash?: number;
  /** vary 'accounts': tax lots per account (ten accounts of this many lots, one structure) */
  lots?: number;
  /** a withdrawal of this share of each account's value (the cash-withdrawal use case) */
  withdrawShare?: number;
  overrides?: ModelOverrides;
  solve: boolean;
}

const [home, argsJson] = process.argv.slice(2);
const args = JSON.parse(argsJson!) as AssemblyCaseArgs;
const services = openServices({ home });


/** The panel on `tickers` only, so that every as-of date has the same universe (one structural key). */
function restrictPanel(panel: PricePanel, tickers: string[]): PricePanel {
  const position = new Map(panel.tickers.map((t, i) => [t, i]));
  const keep = tickers.map((t) => position.get(t)!);
  const N = panel.tickers.length;
  const pick = (a: Float64Array) => {
    const out = new Float64Array(panel.dates.length * keep.length);
    for (let t = 0; t < panel.dates.length; t++) keep.forEach((i, k) => (out[t * keep.length + k] = a[t * N + i]!));
    return out;
  };
  return {
    ...panel,
    tickers,
    sectors: keep.map((i) => panel.sectors[i]!),
    marketCaps: keep.map((i) => panel.marketCaps[i]!),
    weights: keep.map((i) => panel.weights[i]!),
    close: pick(panel.close),
    adjClose: pick(panel.adjClose),
  };
}

/**
 * Ten accounts of `lots` tax lots on real prices, as a batch meets them: account k holds its own names
 * (every name of `universe` stepped through from offset k), one lot each, bought on a date up to two
 * years before the as-of date at that day's close (so some lots sit on gains, some on losses, some
 * short-term, some long-term), about $8,000 a lot, plus 2 % cash.
 */
function heldAccounts(history: PricePanel, universe: string[], lots: number, count: number): AccountHoldings[] {
  const column = new Map(history.tickers.map((t, i) => [t, i]));
  const N = history.tickers.length;
  const T = history.dates.length;
  return Array.from({ length: count }, (_, k) => {
    const held: TaxLot[] = [];
    for (let m = 0; m < lots; m++) {
      const ticker = universe[(k + m * Math.floor(universe.length / lots)) % universe.length]!;
      const i = column.get(ticker)!;
      let t = (k * 37 + m * 53) % (T - 1);
      // a name listed later (a spin-off) was bought on its first priced day
      while (!(history.close[t * N + i]! > 0)) t++;
      const costBasis = history.close[t * N + i]!;
      const price = history.close[(T - 1) * N + i]!;
      held.push({ ticker, shares: Math.max(1, Math.round(8_000 / price)), costBasis, acquired: history.dates[t]! });
    }
    const invested = held.reduce((s, lot) => s + lot.shares * history.close[(T - 1) * N + column.get(lot.ticker)!]!, 0);
    return { cash: Math.round(invested * 0.02), lots: held };
  });
}

try {
  const base = findUseCase(services.db, args.useCase);
  const runs = 10;
  const t0 = performance.now();
  let panels: PricePanel[];
  if (args.vary === 'asOf') {
    const step = args.step ?? 21;
    const all = readPricePanel(services.db, 'sp500', { lookback: args.lookback + step * (runs - 1) });
    const asOfs = Array.from({ length: runs }, (_, k) => all.dates[args.lookback + step * k]!);
    panels = asOfs.map((asOf) => readPricePanel(services.db, 'sp500', { asOf, lookback: args.lookback }));
  } else {
    panels = [readPricePanel(services.db, 'sp500', { lookback: args.lookback })];
  }
  const universes = panels.map((p) => buildTrackingProblem(p).tickers);
  const common = universes[0]!.filter((t) => universes.every((u) => u.includes(t)));
  const problems = panels.map((p) => buildTrackingProblem(restrictPanel(p, common)));
  const dataMs = (performance.now() - t0) / panels.length;

  const accounts = args.vary === 'accounts' ? heldAccounts(readPricePanel(services.db, 'sp500', { lookback: args.lookback + 500 }), problems[0]!.tickers, args.lots ?? 40, runs) : [];
  const steps: { useCase: UseCase; context: ModelContext }[] = [];
  const sectors = [...new Set(problems[0]!.sectors)].filter((s) => s !== '').sort();
  for (let k = 0; k < runs; k++) {
    const problem = problems[args.vary === 'asOf' ? k : 0]!;
    const holdings = args.vary === 'accounts' ? accounts[k]! : args.cash !== undefined ? { cash: args.cash, lots: [] } : undefined;
    const accountValue =
      args.vary === 'accountValue'
        ? args.accountValues![k]
        : args.withdrawShare !== undefined && holdings
          ? resolveAccountValue(holdings, problem)! * (1 - args.withdrawShare)
          : undefined;
    let useCase = args.overrides ? applyOverrides(base, args.overrides) : base;
    // as `optimize --account-value V` does: whole shares for V, the remainder kept as cash
    if (accountValue !== undefined) useCase = applyOverrides(useCase, { accountValue });
    if (args.vary === 'exclusions') {
      // another cluster: another excluded sector and another cap per name
      useCase = applyOverrides(
        { ...useCase, components: useCase.components.map((c) => (c.id === 'con.exclusions' ? { ...c, params: { tickers: [], sectors: [sectors[k % sectors.length]!] } } : c)) },
        { maxWeight: 0.02 + 0.005 * k },
      );
    }
    steps.push({ useCase, context: { problem, ...(accountValue !== undefined ? { accountValue } : {}), ...(holdings ? { holdings } : {}) } });
  }

  const highs = await loadHighsRuntime(await compileHighsWasm());
  const cache = createAssemblyCache();
  const persistent = new PersistentHighsModel(highs);
  const coldAssemble: number[] = [];
  const cachedAssemble: number[] = [];
  const coldSolve: number[] = [];
  const coldIterations: number[] = [];
  const patchedSolve: number[] = [];
  const patchedIterations: number[] = [];
  const outcomes: string[] = [];
  let worstDifference = 0;
  let size = '';
  for (const [k, { useCase, context }] of steps.entries()) {
    let t = performance.now();
    const cold = assembleModel(useCase, context);
    coldAssemble.push(performance.now() - t);
    t = performance.now();
    const cached = assembleCached(useCase, context, cache);
    const cachedMs = performance.now() - t;
    outcomes.push(cached.cache);
    // the first cached call is the cold one that fills the cache
    if (k > 0) cachedAssemble.push(cachedMs);
    size = `${cached.modelClass} ${cached.size.columns}x${cached.size.rows}`;
    if (!args.solve) continue;
    const fresh = new PersistentHighsModel(highs);
    const c = fresh.solve(cold.ir);
    fresh.dispose();
    const p = persistent.solve(cached.ir);
    // the first solve of each kind also pays for compiling the wasm code: time k ≥ 1 only, for both
    if (k > 0) {
      coldSolve.push(c.loadMs + c.solveMs);
      coldIterations.push(c.simplexIterations);
      patchedSolve.push(p.loadMs + p.solveMs);
      patchedIterations.push(p.simplexIterations);
    }
    if (c.status !== 'optimal' || p.status !== 'optimal') throw new Error(`step ${k}: cold ${c.solverStatus}, patched ${p.solverStatus}`);
    worstDifference = Math.max(worstDifference, Math.abs(c.objective! - p.objective!) / Math.max(Math.abs(c.objective!), 1e-12));
  }
  persistent.dispose();
  process.stdout.write(
    `${JSON.stringify({
      size,
      universe: common.length,
      dataMs,
      coldAssemble: median(coldAssemble),
      cachedAssemble: median(cachedAssemble),
      coldSolve: args.solve ? median(coldSolve) : null,
      patchedSolve: args.solve ? median(patchedSolve) : null,
      coldIterations: args.solve ? median(coldIterations) : null,
      patchedIterations: args.solve ? median(patchedIterations) : null,
      worstDifference: args.solve ? worstDifference : null,
      outcomes: outcomes.slice(1).reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {}),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
} finally {
  await services.close();
}
