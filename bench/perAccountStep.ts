/**
 * bench/perAccountStep: how an account's own exclusions are best served from its cluster's target, measured.
 *
 *   npm run bench:per-account -- [--home DIR] [--sets 12] [--budget 3] [--holdout 63]
 *
 * On the real S&P 500 (252 days to 2021-04-21; imported into a scratch data directory unless --home has it),
 * the size bands of a $10k-$5M book: each band's model portfolio is solved once without exclusions, then for
 * each restriction (single "employer" names across the 300 largest, and screens: the Energy sector, tobacco,
 * defense) and three account values per band, the account's target is made three ways:
 *   drop:        the cluster target with the excluded names left out (the mapping re-spends their weight);
 *   substitute:  each excluded name's weight given to its tracking basket among the target's names
 *                (solver/book/exclusionSubstitutes.ts);
 *   re-solve:    the band's model solved again with the exclusions (HiGHS LP, or the max-names heuristic).
 * Each is put in whole shares by the knapsack mapping; the batch's design (the substitutes on the target
 * re-weighted on tracking error, then the whole-share variance descent) is also run on the re-solved
 * target, to see what re-solving would still add. Reference: the account's own fractional LP target (its
 * exclusions, no band limits) rounded by the knapsack, what a user would otherwise do. Prints ratios of
 * whole-share tracking error and the time of each step.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readPricePanel } from '../core/market/pricePanelReader.ts';
import { openServices } from '../core/services.ts';
import { assembleModel } from '../solver/assembler/assembleModel.ts';
import { sizeBands } from '../solver/book/clustering.ts';
import { ExclusionSubstitutes, type SparseTarget } from '../solver/book/exclusionSubstitutes.ts';
import { modelPortfolioUseCase } from '../solver/book/modelPortfolio.ts';
import { reweightForTrackingError } from '../solver/book/trackingReweight.ts';
import { descendOnVariance } from '../solver/book/varianceDescent.ts';
import { DESCENT_MOVES } from '../core/book/bookMapping.ts';
import { mapTargetToAccount } from '../solver/book/wholeShareMapping.ts';
import { heldWeights } from '../solver/heuristics/nameColumns.ts';
import { createHighsBackend } from '../solver/highsPool/highsBackend.ts';
import { modelClass, type ModelIR } from '../solver/model/ir.ts';
import { resolveExclusions } from '../solver/tracking/accountExclusions.ts';
import { TrackingCovariance } from '../solver/tracking/trackingCovariance.ts';
import { TrackingErrorMeter } from '../solver/tracking/trackingErrorMeter.ts';
import type { TrackingProblem } from '../solver/tracking/trackingProblem.ts';
import { buildTrackingProblem } from '../solver/tracking/trackingUniverse.ts';
import { indexTracking } from '../solver/usecases/indexTracking.ts';
import { median, markdownTable as table } from './benchTable.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/data');
const { values } = parseArgs({
  options: { home: { type: 'string' }, sets: { type: 'string', default: '12' }, budget: { type: 'string', default: '3' }, holdout: { type: 'string', default: '0' } },
});
const holdout = Number(values.holdout);
const budget = Number(values.budget);
const home = values.home ?? mkdtempSync(path.join(os.tmpdir(), 'jessica-bench-'));
if (!existsSync(path.join(home, 'jessica.sqlite'))) {
  execFileSync(process.execPath, [path.join(root, 'bin/jessica.mjs'), 'data', 'import', '--universe', 'sp500', '--prices', `${shared}/sp500/prices.csv.gz`, '--constituents', `${shared}/sp500/constituents.csv`, '--index', `${shared}/sp500/index.csv`], {
    env: { ...process.env, JESSICA_HOME: home },
  });
}
const services = openServices({ home });
const pool = createHighsBackend({ workers: 2 });

async function solveTarget(ir: ModelIR): Promise<{ target: SparseTarget; ms: number }> {
  const started = performance.now();
  let x: ArrayLike<number> | undefined;
  if (modelClass(ir) === 'MILP') {
    const start = await pool.primalStart(ir, { timeLimitSec: budget });
    if (start.ok) x = start.x;
  }
  if (!x) {
    const r = await pool.solve(ir, { timeLimitSec: 30 });
    if (!r.x) throw new Error(`solve ended ${r.status}: ${r.message}`);
    x = r.x;
  }
  const held = heldWeights(ir, x);
  if ('reason' in held) throw new Error(held.reason);
  return { target: held, ms: performance.now() - started };
}

try {
  // with a holdout, the models see the 252 days ending `holdout` days before the last date, and every portfolio is
  // also measured, at constant weights, over the `holdout` days after (out of sample)
  const after = holdout > 0 ? buildTrackingProblem(readPricePanel(services.db, 'sp500', { lookback: holdout })) : null;
  const problem: TrackingProblem = buildTrackingProblem(readPricePanel(services.db, 'sp500', { lookback: 252, ...(after ? { asOf: after.dates[0]! } : {}) }));
  const afterMeter = after ? new TrackingErrorMeter(after) : null;
  const afterIndex = after ? new Map(after.tickers.map((t, i) => [t, i])) : null;
  /** TE over the holdout of in-sample weights (names without prices there count as cash) */
  const outOfSample = (names: readonly number[], weights: readonly number[]): number => {
    if (!afterMeter || !afterIndex) return NaN;
    const kept = names.map((i, k) => [afterIndex.get(problem.tickers[i]!), weights[k]!] as const).filter((x) => x[0] !== undefined);
    return afterMeter.measure(kept.map((x) => x[0]!), kept.map((x) => x[1]));
  };
  const meter = new TrackingErrorMeter(problem);
  let started = performance.now();
  const cov = new TrackingCovariance(problem);
  const covMs = performance.now() - started;
  const subs = new ExclusionSubstitutes(cov, problem.sectors);
  const bands = sizeBands(10_000, 5_000_000, { universe: problem });
  const byWeight = [...problem.tickers.keys()].sort((a, b) => problem.benchmarkWeights[b]! - problem.benchmarkWeights[a]!);
  const setCount = Number(values.sets);
  const employers = [...Array(setCount).keys()].map((k) => byWeight[Math.round((k * 299) / Math.max(1, setCount - 1))]!);
  const industryOf = (ticker: string) => services.db.prepare('select industry from instruments where ticker = ?').pluck().get(ticker) as string | null;
  const tobacco = problem.tickers.filter((t) => industryOf(t) === 'Tobacco');
  const defense = byWeight.filter((i) => industryOf(problem.tickers[i]!) === 'Aerospace & Defense').slice(0, 4).map((i) => problem.tickers[i]!);
  const sets: { label: string; kind: string; exclude: string[] }[] = [
    ...employers.map((i) => ({ label: `employer ${problem.tickers[i]} (rank ${byWeight.indexOf(i) + 1})`, kind: 'employer', exclude: [problem.tickers[i]!] })),
    { label: 'sector:Energy', kind: 'sector', exclude: ['sector:Energy'] },
    { label: 'tobacco', kind: 'screen', exclude: tobacco },
    { label: 'defense', kind: 'screen', exclude: defense },
  ];
  const own = new Map<string, SparseTarget>();
  for (const set of sets) {
    const ir = assembleModel(modelPortfolioUseCase(indexTracking, { maxNames: problem.tickers.length, minWeight: 0, saturated: true }, resolveExclusions(set.exclude, problem).tickers), { problem }).ir;
    own.set(set.label, (await solveTarget(ir)).target);
  }

  type Row = { band: number; kind: string; V: number; fracSub: number; fracResolve: number; drop: number; sub: number; resolve: number; design: number; resolveDesign: number; ownRounded: number; oosSub: number; oosDesign: number; oosOwn: number };
  const oos: number[] = [];
  const rows: Row[] = [];
  const times = { substitute: [] as number[], resolve: [] as number[], reweight: [] as number[], descent: [] as number[], map: [] as number[] };
  const reweight = (t: SparseTarget, minWeight: number) => {
    const t0 = performance.now();
    const r = reweightForTrackingError(cov, t, { minWeight, maxWeight: 1 });
    times.reweight.push(performance.now() - t0);
    return r;
  };
  for (const band of bands) {
    const screened = band.limits.screened.map((i) => problem.tickers[i]!);
    const base = assembleModel(modelPortfolioUseCase(indexTracking, band.limits, screened), { problem, accountValue: band.lower }).ir;
    const cluster = (await solveTarget(base)).target;
    const m = modelPortfolioUseCase(indexTracking, band.limits, []).components.find((c) => c.id === 'con.min-weight')?.params.minWeight;
    const minWeight = typeof m === 'number' ? m : 0;
    const polished = reweight(cluster, minWeight);
    for (const set of sets) {
      const excluded = new Set(resolveExclusions(set.exclude, problem).names);
      started = performance.now();
      const substituted = subs.fit(`band${band.index}`, cluster, excluded);
      times.substitute.push(performance.now() - started);
      const substitutedPolished = subs.fit(`band${band.index} reweighted`, polished, excluded);
      const fresh = await solveTarget(
        assembleModel(modelPortfolioUseCase(indexTracking, band.limits, [...new Set([...screened, ...resolveExclusions(set.exclude, problem).tickers])]), { problem, accountValue: band.lower }).ir,
      );
      times.resolve.push(fresh.ms);
      const freshPolished = reweight(fresh.target, minWeight);
      const upper = band.upper === 5_000_000 ? 1_000_000 : band.upper * 0.97;
      for (const V of [band.lower, Math.sqrt(band.lower * upper), upper]) {
        const whole = (t: SparseTarget, descend: boolean) => {
          const t0 = performance.now();
          const a = mapTargetToAccount(t, { value: V, excluded }, { prices: problem.prices, cashBuffer: 0, minTrade: 0, minWeight });
          times.map.push(performance.now() - t0);
          let names = a.names;
          let shares = a.shares;
          if (descend) {
            const t1 = performance.now();
            const buyable = t.names.filter((i) => !excluded.has(i));
            const inPlay = [...new Set([...buyable, ...a.names])].sort((x, y) => x - y);
            const d = descendOnVariance({ covariance: cov.over(inPlay), prices: problem.prices, value: V, buyable: new Set(buyable), shares: new Map(a.names.map((i, k) => [i, a.shares[k]!])), cashFloor: 0, minWeight, maxNames: band.limits.maxNames, maxMoves: DESCENT_MOVES });
            times.descent.push(performance.now() - t1);
            names = [...d.shares.keys()].sort((x, y) => x - y);
            shares = names.map((i) => d.shares.get(i)!);
          }
          const w = names.map((i, k) => (shares[k]! * problem.prices[i]!) / V);
          oos.push(outOfSample(names, w));
          return meter.measure(names, w);
        };
        const last = () => oos.at(-1)!;
        const dropped = { names: cluster.names.filter((i) => !excluded.has(i)), weights: cluster.weights.filter((_, k) => !excluded.has(cluster.names[k]!)) };
        const fracSub = meter.measure(substituted.names, substituted.weights);
        const fracResolve = meter.measure(fresh.target.names, fresh.target.weights);
        const drop = whole(dropped, false);
        const sub = whole(substituted, false);
        const oosSub = last();
        const resolve = whole(fresh.target, false);
        const design = whole(substitutedPolished, true);
        const oosDesign = last();
        const resolveDesign = whole(freshPolished, true);
        const ownRounded = whole(own.get(set.label)!, false);
        const oosOwn = last();
        rows.push({ band: band.index, kind: set.kind, V, fracSub, fracResolve, drop, sub, resolve, design, resolveDesign, ownRounded, oosSub, oosDesign, oosOwn });
      }
    }
  }
  const out: string[][] = [];
  for (const band of bands) {
    for (const kind of ['employer', 'screen', 'sector']) {
      const r = rows.filter((x) => x.band === band.index && x.kind === kind);
      if (r.length === 0) continue;
      const med = (f: (x: Row) => number) => median(r.map(f)).toFixed(3);
      out.push([
        `$${Math.round(band.lower / 1000)}k-${band.upper >= 5_000_000 ? '$5M' : `$${Math.round(band.upper / 1000)}k`}${band.limits.saturated ? ' (LP)' : ` (k=${band.limits.maxNames})`}`,
        kind,
        String(r.length),
        med((x) => x.fracSub / x.fracResolve),
        med((x) => x.drop / x.resolve),
        med((x) => x.sub / x.resolve),
        med((x) => x.design / x.resolveDesign),
        med((x) => x.drop / x.ownRounded),
        med((x) => x.sub / x.ownRounded),
        med((x) => x.design / x.ownRounded),
        ...(after ? [med((x) => x.oosSub / x.oosOwn), med((x) => x.oosDesign / x.oosOwn)] : []),
      ]);
    }
  }
  const t = (label: string, xs: number[], digits: number) => [label, median(xs).toFixed(digits), Math.max(...xs).toFixed(digits), String(xs.length)];
  process.stdout.write(
    `command: npm run bench:per-account -- --sets ${setCount} --budget ${budget} --holdout ${holdout}; real S&P 500 (${problem.tickers.length} names, ${problem.benchmarkReturns.length} days to ${problem.asOf}${after ? `; out of sample: the ${holdout} days to ${after.asOf}, weights held constant` : ''}), index-tracking, ` +
      `bands of a $10k-$5M book, ${sets.length} restrictions × 3 account values per band (lower edge, middle, upper edge); medians of whole-share tracking-error ratios. ` +
      `drop: the cluster target without the excluded names; sub: their weight given to substitute baskets; re-solve: the band's model solved again without them; ` +
      `design: sub on the target re-weighted on tracking error, then the whole-share variance descent (${DESCENT_MOVES} moves), as the batch does; own LP rounded: the account's own fractional LP (its exclusions, no band limits) rounded by the knapsack\n\n` +
      table(
        [
          'band',
          'restriction',
          'cases',
          'fractional sub / re-solve',
          'drop / re-solve',
          'sub / re-solve',
          'design / design on re-solve',
          'drop / own LP rounded',
          'sub / own LP rounded',
          'design / own LP rounded',
          ...(after ? [`sub / own LP rounded, next ${holdout} days`, `design / own LP rounded, next ${holdout} days`] : []),
        ],
        out,
      ) +
      '\n\n' +
      table(
        ['step', 'median ms', 'max ms', 'count'],
        [
          ['covariance (once per universe)', covMs.toFixed(1), covMs.toFixed(1), '1'],
          t('substitute (per target and restriction)', times.substitute, 3),
          t('re-solve (per band and restriction)', times.resolve, 0),
          t('re-weight on tracking error (per target)', times.reweight, 1),
          t('knapsack mapping (per account)', times.map, 3),
          t('variance descent (per account)', times.descent, 3),
        ],
      ) +
      '\n',
  );
} finally {
  await pool.close();
  await services.close();
  if (!values.home) rmSync(home, { recursive: true, force: true });
}
