import type { AuditSummary } from '../../api/book.ts';
import { assembleCached, type AssemblyCache } from '../../solver/assembler/cache/assembleCached.ts';
import type { HighsBackend } from '../../solver/backends/highs/highsBackend.ts';
import { resolveExclusions } from '../../solver/portfolio/accountExclusions.ts';
import type { BookCluster } from '../../solver/portfolio/clustering.ts';
import { modelPortfolioUseCase } from '../../solver/portfolio/modelPortfolio.ts';
import { portfolioHoldings } from '../../solver/portfolio/portfolioHoldings.ts';
import type { TrackingErrorMeter } from '../../solver/portfolio/trackingErrorMeter.ts';
import type { TrackingProblem } from '../../solver/portfolio/trackingProblem.ts';
import { applyOverrides } from '../../solver/usecases/overrides.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { throwIfCancelled } from '../errors.ts';
import { DemoRandom } from '../market/demoRandom.ts';
import type { MappedBookAccount } from './bookMapping.ts';
import { Lanes } from './lanes.ts';

/**
 * The batch's loss of quality, measured: `count` accounts drawn at random (seed AUDIT_SEED, so a rerun
 * audits the same accounts) are optimized one by one as the account-by-account baseline would: the
 * strategy's model with the account's own exclusions, its band's name limit, minimum position
 * and screen of large shares, in whole shares at its own value (var.whole-shares), through the regular
 * solve path (the primal heuristics, then branch-and-bound) with `timeLimitSec` each, on the same pool.
 * The screen is kept so that the ratio measures what clustering and mapping cost: without it the regular
 * path rounds the relaxation's expensive names and a $10k-$40k account tracks 2-3 times worse than the batch
 * (measured: ratios of 0.30-0.56 on five such accounts of thirty).
 *
 * ratio = the account's tracking error in the batch / its individually optimized one (above 1: the batch
 * is worse). An account with legacy holdings is compared with its optimum from cash, so its ratio also
 * carries the minimum trade size that kept some of its holdings. The wall time of the solves, divided by
 * `count` and multiplied by the book's size, is what the book would take one account at a time.
 */
export const AUDIT_SEED = 20_240_601;

export interface AuditInput {
  mapped: readonly MappedBookAccount[];
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
  const { mapped, problem, pool, signal } = input;
  const sample = drawSample(mapped.length, input.count);
  const lanes = new Lanes(pool.workers);
  let done = 0;
  const started = performance.now();
  const ratios = await Promise.all(
    sample.map((k) =>
      lanes.run(async () => {
        throwIfCancelled(signal);
        const m = mapped[k]!;
        const V = m.value;
        const { ir } = assembleCached(individualUseCase(input.useCase, m.cluster, problem, V), { problem, accountValue: V }, input.cache);
        const result = await pool.solve(ir, { timeLimitSec: input.timeLimitSec, ...(signal ? { signal } : {}) });
        throwIfCancelled(signal);
        input.onProgress?.(++done, sample.length);
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
        const individual = input.meter.measure(names, weights);
        return { accountId: m.account.accountId, batch: m.trackingError, individual, ratio: m.trackingError / individual };
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const found = ratios.filter((r) => r !== null);
  const sorted = found.map((r) => r.ratio).sort((a, b) => a - b);
  return {
    accounts: found.length,
    ratios: found,
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    max: sorted.at(-1) ?? NaN,
    individualSeconds: seconds,
    extrapolatedBookSeconds: sample.length > 0 ? (seconds / sample.length) * mapped.length : 0,
  };
}

/** The model an account of value V of `cluster` is optimized by on its own (see above). */
export function individualUseCase(useCase: UseCase, cluster: BookCluster, problem: TrackingProblem, V: number): UseCase {
  const own = resolveExclusions(cluster.key.exclude, problem).names;
  const excluded = [...new Set([...own, ...cluster.band.limits.screened])].map((i) => problem.tickers[i]!);
  return applyOverrides(modelPortfolioUseCase(useCase, cluster.band.limits, excluded), { accountValue: V });
}

/** `count` distinct indices below `size`, by a partial Fisher-Yates shuffle on the audit's seed; increasing. */
export function drawSample(size: number, count: number, seed = AUDIT_SEED): number[] {
  const n = Math.min(size, count);
  const random = new DemoRandom(seed);
  const pool = [...Array(size).keys()];
  for (let k = 0; k < n; k++) {
    const j = random.integer(k, size - 1);
    [pool[k], pool[j]] = [pool[j]!, pool[k]!];
  }
  return pool.slice(0, n).sort((a, b) => a - b);
}

/** The q-quantile of sorted values, interpolated linearly; NaN for none. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
