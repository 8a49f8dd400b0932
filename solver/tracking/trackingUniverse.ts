import type { PricePanel } from './pricePanel.ts';
import { periodsPerYear } from './periodsPerYear.ts';
import type { TrackingProblem } from './trackingProblem.ts';

export interface TrackingUniverseOptions {
  /** 'cap' (b ∝ weight column, else market cap) or 'index' (the index series); default: index when the panel has one */
  benchmark?: 'cap' | 'index';
}

export class TrackingUniverseError extends Error {}

/**
 * The universe at the panel's last date with lookback L = dates − 1 (DESIGN section 3):
 * - members with a price on every one of the L+1 dates; the others are excluded and listed as warnings;
 * - r_{t,i} = P_{t,i}/P_{t−1,i} − 1 on adj_close, or on close for a member whose adj_close is empty
 *   (a series is never mixed: one missing adj_close and the member uses close throughout);
 * - benchmark `cap`: b_i ∝ the weight column where given, else market cap, renormalized over the universe,
 *   r^B_t = Σ_i b_i r_{t,i}; benchmark `index`: r^B_t from the index closes;
 * - b_i also serves sector bands under the index benchmark; when no member has a cap or weight, b_i = 1/n.
 */
export function buildTrackingProblem(panel: PricePanel, options: TrackingUniverseOptions = {}): TrackingProblem {
  const T = panel.dates.length;
  const N = panel.tickers.length;
  const L = T - 1;
  if (L < 1) throw new TrackingUniverseError(`universe ${panel.universe}: need at least 2 dates, have ${T}`);
  const asOf = panel.dates[T - 1]!;
  const benchmark = options.benchmark ?? (panel.indexClose ? 'index' : 'cap');
  const warnings: string[] = [];

  if (benchmark === 'index') {
    if (!panel.indexClose) throw new TrackingUniverseError(`universe ${panel.universe} has no index series: use benchmark cap`);
    const missing = panel.dates.filter((_, t) => !(panel.indexClose![t]! > 0));
    if (missing.length > 0) {
      throw new TrackingUniverseError(
        `universe ${panel.universe}: the index has no close on ${missing.length} of the ${T} dates (first ${missing[0]})`,
      );
    }
  }

  const kept: number[] = [];
  const useAdj: boolean[] = [];
  let incomplete = 0;
  for (let i = 0; i < N; i++) {
    let full = true;
    let adjFull = true;
    for (let t = 0; t < T; t++) {
      if (!(panel.close[t * N + i]! > 0)) full = false;
      if (!(panel.adjClose[t * N + i]! > 0)) adjFull = false;
    }
    if (!full) {
      incomplete++;
      continue;
    }
    kept.push(i);
    useAdj.push(adjFull);
  }
  if (incomplete > 0) {
    const names = [];
    for (let i = 0; i < N && names.length < 10; i++) if (!kept.includes(i)) names.push(panel.tickers[i]);
    warnings.push(
      `${incomplete} members lack a price on some of the ${T} dates ${panel.dates[0]}..${asOf} and are excluded (e.g. ${names.join(', ')})`,
    );
  }
  const n = kept.length;
  if (n === 0) throw new TrackingUniverseError(`universe ${panel.universe}: no member has a price on every date ${panel.dates[0]}..${asOf}`);

  const returns = new Float64Array(L * n);
  for (let k = 0; k < n; k++) {
    const i = kept[k]!;
    const series = useAdj[k] ? panel.adjClose : panel.close;
    for (let t = 1; t < T; t++) {
      returns[(t - 1) * n + k] = series[t * N + i]! / series[(t - 1) * N + i]! - 1;
    }
  }

  const benchmarkWeights = capWeights(panel, kept, warnings);
  const benchmarkReturns = new Float64Array(L);
  if (benchmark === 'index') {
    for (let t = 1; t < T; t++) benchmarkReturns[t - 1] = panel.indexClose![t]! / panel.indexClose![t - 1]! - 1;
  } else {
    for (let t = 0; t < L; t++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += benchmarkWeights[k]! * returns[t * n + k]!;
      benchmarkReturns[t] = s;
    }
  }

  const prices = new Float64Array(n);
  for (let k = 0; k < n; k++) prices[k] = panel.close[(T - 1) * N + kept[k]!]!;

  return {
    universe: panel.universe,
    asOf,
    dates: panel.dates.slice(),
    tickers: kept.map((i) => panel.tickers[i]!),
    sectors: kept.map((i) => panel.sectors[i] ?? ''),
    returns,
    benchmarkReturns,
    benchmarkWeights,
    prices,
    periodsPerYear: periodsPerYear(panel.dates),
    benchmark,
    warnings,
  };
}

function capWeights(panel: PricePanel, kept: number[], warnings: string[]): Float64Array {
  const n = kept.length;
  const b = new Float64Array(n);
  const hasWeight = kept.some((i) => (panel.weights[i] ?? 0) > 0);
  const source = hasWeight ? panel.weights : panel.marketCaps;
  let missing = 0;
  for (let k = 0; k < n; k++) {
    const v = source[kept[k]!];
    if (v != null && v > 0) b[k] = v;
    else missing++;
  }
  let total = b.reduce((s, v) => s + v, 0);
  if (total === 0) {
    b.fill(1);
    total = n;
    warnings.push(`no member has a ${hasWeight ? 'weight' : 'market cap'}: benchmark weights are equal (1/${n})`);
  } else if (missing > 0) {
    warnings.push(`${missing} members have no ${hasWeight ? 'weight' : 'market cap'}: their benchmark weight is 0`);
  }
  for (let k = 0; k < n; k++) b[k] = b[k]! / total;
  return b;
}
