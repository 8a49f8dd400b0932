import type { AuditBand, AuditedAccount, AuditSummary, RatioStats } from '../../api/book.ts';
import { assembleCached, type AssemblyCache } from '../../solver/assembler/cache/assembleCached.ts';
import { bandLimits } from '../../solver/book/bandLimits.ts';
import type { BookBand } from '../../solver/book/clustering.ts';
import { modelPortfolioUseCase, accountRules } from '../../solver/book/modelPortfolio.ts';
import { mapTargetToAccount } from '../../solver/book/wholeShareMapping.ts';
import { heldWeights } from '../../solver/heuristics/nameColumns.ts';
import type { HighsBackend } from '../../solver/highsPool/highsBackend.ts';
import { resolveExclusions } from '../../solver/tracking/accountExclusions.ts';
import { portfolioHoldings } from '../../solver/tracking/portfolioHoldings.ts';
import type { TrackingErrorMeter } from '../../solver/tracking/trackingErrorMeter.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import { applyOverrides } from '../../solver/usecases/overrides.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { throwIfCancelled } from '../errors.ts';
import { DemoRandom } from '../market/demoRandom.ts';
import type { MappedBookAccount } from './bookMapping.ts';
import { Lanes } from './lanes.ts';

/**
 * The batch's quality, measured against what a user would otherwise do, on `count` accounts drawn at
 * random within each size band (equal numbers per band, seed AUDIT_SEED, so a rerun audits the same
 * accounts; a band with fewer accounts gives them all and its share goes to the others):
 *   (a) individual: the account optimized alone as the account-by-account baseline would: the strategy's
 *       model with the account's own exclusions and the limits of its own value (name limit, minimum
 *       position and screen of large shares, bandLimits.ts at V, not its band's), in whole shares at V
 *       (var.whole-shares), through the regular solve path (the primal heuristics, then branch-and-bound)
 *       with `timeLimitSec` each, on the same pool, from cash;
 *   (b) own LP rounded: the account's own fractional tracking LP (its exclusions, no band limits) mapped
 *       to whole shares by the knapsack rounding under the same holdings and rules the batch used.
 * ratio = the account's tracking error in the batch / the baseline's (above 1: the batch is worse). The
 * screen in (a) is kept so that the ratio measures what clustering and mapping cost: without it the
 * regular path rounds the relaxation's expensive names and a $10k-$40k account tracks 2-3 times worse.
 * The wall time of (a)'s solves, divided by the sample and multiplied by the book's size, is what the book
 * would take one account at a time.
 */
export const AUDIT_SEED = 20_240_601;

export interface AuditInput {
  /** every account's size band, in book order */
  bands: readonly BookBand[];
  /** the accounts at these book positions as the batch mapped them (mapped again: the mapping is deterministic) */
  mappedAt: (positions: readonly number[]) => MappedBookAccount[];
  count: number;
  pool: HighsBackend;
  cache: AssemblyCache;
  problem: TrackingProblem;
  meter: TrackingErrorMeter;
  /** the strategy's use case */
  useCase: UseCase;
  timeLimitSec: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export async function auditBatch(input: AuditInput): Promise<AuditSummary> {
  const { problem, pool, signal, meter, bands } = input;
  const bandOf = (m: MappedBookAccount) => m.cluster.band.index;
  const sample = stratifiedSample(bands.map((b) => b.index), input.count);
  const sampled = new Map(input.mappedAt(sample).map((m, k) => [sample[k]!, m]));
  const lanes = new Lanes(pool.workers);
  const withSignal = signal ? { signal } : {};
  const ownLpTargets = new Map<string, Promise<{ names: number[]; weights: number[] } | null>>();
  let done = 0;
  let individualMs = 0;

  const ownLp = (m: MappedBookAccount) => {
    const key = m.account.exclude.join(';');
    let target = ownLpTargets.get(key);
    if (!target) {
      target = lanes.run(async () => {
        throwIfCancelled(signal);
        const excluded = resolveExclusions(m.account.exclude, problem).tickers;
        const uc = modelPortfolioUseCase(input.useCase, { maxNames: problem.tickers.length, minWeight: 0, saturated: true }, excluded);
        const { ir, key: structure } = assembleCached(uc, { problem }, input.cache);
        const r = await pool.solve(ir, { timeLimitSec: 30, reuseKey: `audit own LP ${structure}`, ...withSignal });
        if (!r.x) return null;
        const held = heldWeights(ir, r.x);
        return 'reason' in held ? null : held;
      });
      ownLpTargets.set(key, target);
    }
    return target;
  };

  const audited = await Promise.all(
    sample.map(async (k): Promise<AuditedAccount> => {
      const m = sampled.get(k)!;
      const V = m.value;
      const excluded = new Set(resolveExclusions(m.account.exclude, problem).names);
      const individual = await lanes.run(async () => {
        throwIfCancelled(signal);
        const { ir } = assembleCached(individualUseCase(input.useCase, m.account.exclude, problem, V), { problem, accountValue: V }, input.cache);
        const started = performance.now();
        const result = await pool.solve(ir, { timeLimitSec: input.timeLimitSec, ...withSignal });
        individualMs += performance.now() - started;
        throwIfCancelled(signal);
        if (!result.x) return null;
        const h = portfolioHoldings(problem, ir, result.x, V);
        const names: number[] = [];
        const weights: number[] = [];
        h.weights.forEach((w, i) => {
          if (w > 0) {
            names.push(i);
            weights.push(w);
          }
        });
        return meter.measure(names, weights);
      });
      const lp = await ownLp(m);
      let ownLpRounded: number | null = null;
      if (lp) {
        const a = mapTargetToAccount(lp, { value: V, excluded, held: heldBefore(m) }, { prices: problem.prices, ...accountRules(input.useCase, V), minWeight: 0 });
        ownLpRounded = meter.measure(a.names, a.names.map((i, j) => (a.shares[j]! * problem.prices[i]!) / V));
      }
      input.onProgress?.(++done, sample.length);
      return {
        accountId: m.account.accountId,
        value: V,
        band: bandOf(m) + 1,
        batch: m.trackingError,
        individual,
        ownLpRounded,
        ratio: individual ? m.trackingError / individual : null,
        ratioOwnLp: ownLpRounded ? m.trackingError / ownLpRounded : null,
      };
    }),
  );
  throwIfCancelled(signal);

  const bookCount = new Map<number, number>();
  for (const b of bands) bookCount.set(b.index + 1, (bookCount.get(b.index + 1) ?? 0) + 1);
  const sampleCount = new Map<number, number>();
  for (const a of audited) sampleCount.set(a.band, (sampleCount.get(a.band) ?? 0) + 1);
  const weightOf = (a: AuditedAccount) => bookCount.get(a.band)! / sampleCount.get(a.band)!;
  const edges = new Map(bands.map((b) => [b.index + 1, b]));
  const byBand: AuditBand[] = [...sampleCount.keys()]
    .sort((a, b) => a - b)
    .map((band) => {
      const of = audited.filter((a) => a.band === band);
      return {
        band,
        minValue: edges.get(band)!.lower,
        maxValue: edges.get(band)!.upper,
        bookAccounts: bookCount.get(band)!,
        individual: stats(of.map((a) => a.ratio)),
        ownLp: stats(of.map((a) => a.ratioOwnLp)),
      };
    });
  const overall = stats(audited.map((a) => a.ratio));
  const seconds = individualMs / 1000 / Math.max(1, pool.workers);
  return {
    accounts: overall.accounts,
    ratios: audited,
    median: overall.median,
    p90: overall.p90,
    max: overall.max,
    ownLp: stats(audited.map((a) => a.ratioOwnLp)),
    byBand,
    book: {
      individual: { median: weightedQuantile(audited, (a) => a.ratio, weightOf, 0.5), p90: weightedQuantile(audited, (a) => a.ratio, weightOf, 0.9) },
      ownLp: { median: weightedQuantile(audited, (a) => a.ratioOwnLp, weightOf, 0.5), p90: weightedQuantile(audited, (a) => a.ratioOwnLp, weightOf, 0.9) },
    },
    individualSeconds: seconds,
    extrapolatedBookSeconds: sample.length > 0 ? (seconds / sample.length) * bands.length : 0,
  };
}

/** What the account held before the batch's trades: its final shares less what it bought. */
function heldBefore(m: MappedBookAccount): Map<number, number> {
  const held = new Map<number, number>();
  m.allocation.names.forEach((i, k) => held.set(i, m.allocation.shares[k]!));
  for (const t of m.allocation.trades) held.set(t.name, (held.get(t.name) ?? 0) - t.shares);
  for (const [i, h] of held) if (h <= 0) held.delete(i);
  return held;
}

/** The model an account of value V with exclusions `exclude` is optimized by on its own: see (a) above. */
export function individualUseCase(useCase: UseCase, exclude: readonly string[], problem: TrackingProblem, V: number): UseCase {
  const limits = bandLimits(V, problem);
  const excluded = [...new Set([...resolveExclusions(exclude, problem).names, ...limits.screened])].map((i) => problem.tickers[i]!);
  return applyOverrides(modelPortfolioUseCase(useCase, limits, excluded), { accountValue: V });
}

function stats(values: readonly (number | null)[]): RatioStats {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  return { accounts: sorted.length, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), max: sorted.at(-1) ?? NaN };
}

/** The q-quantile of `value` over items weighted by `weight` (the smallest value whose cumulative weight reaches q). */
function weightedQuantile<T>(items: readonly T[], value: (x: T) => number | null, weight: (x: T) => number, q: number): number {
  const pairs = items
    .map((x) => ({ v: value(x), w: weight(x) }))
    .filter((p): p is { v: number; w: number } => p.v !== null && Number.isFinite(p.v))
    .sort((a, b) => a.v - b.v);
  const total = pairs.reduce((s, p) => s + p.w, 0);
  if (total === 0) return NaN;
  let cumulative = 0;
  for (const p of pairs) {
    cumulative += p.w;
    if (cumulative >= q * total - 1e-12) return p.v;
  }
  return pairs.at(-1)!.v;
}

/**
 * `count` distinct indices, as equal a number per stratum as the strata allow (a stratum with fewer members
 * gives them all; what is left goes to the others), each stratum drawn by a partial Fisher-Yates shuffle on
 * the seed; increasing.
 */
export function stratifiedSample(strata: readonly number[], count: number, seed = AUDIT_SEED): number[] {
  const members = new Map<number, number[]>();
  strata.forEach((s, i) => {
    const list = members.get(s);
    if (list) list.push(i);
    else members.set(s, [i]);
  });
  const keys = [...members.keys()].sort((a, b) => a - b);
  const take = new Map(keys.map((k) => [k, 0]));
  let left = Math.min(count, strata.length);
  while (left > 0) {
    const open = keys.filter((k) => take.get(k)! < members.get(k)!.length);
    const share = Math.max(1, Math.floor(left / open.length));
    for (const k of open) {
      if (left === 0) break;
      const more = Math.min(share, members.get(k)!.length - take.get(k)!, left);
      take.set(k, take.get(k)! + more);
      left -= more;
    }
  }
  const random = new DemoRandom(seed);
  const out: number[] = [];
  for (const k of keys) {
    const pool = [...members.get(k)!];
    const n = take.get(k)!;
    for (let j = 0; j < n; j++) {
      const r = random.integer(j, pool.length - 1);
      [pool[j], pool[r]] = [pool[r]!, pool[j]!];
    }
    out.push(...pool.slice(0, n));
  }
  return out.sort((a, b) => a - b);
}

/** `count` distinct indices below `size`, by a partial Fisher-Yates shuffle on the audit's seed; increasing. */
export function drawSample(size: number, count: number, seed = AUDIT_SEED): number[] {
  return stratifiedSample(new Array<number>(size).fill(0), count, seed);
}

/** The q-quantile of sorted values, interpolated linearly; NaN for none. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
