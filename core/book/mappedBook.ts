import type { AccountOutcome } from '../../api/book.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';
import { quantile } from './batchAudit.ts';
import type { MappedChunk } from './mappedChunk.ts';
import type { ChunkTiming } from './mappingPool.ts';

/**
 * What the batch keeps of its mapped chunks, in chunk order: the counts and figures of its summary, every account's
 * tracking error (8 bytes an account, for the quantiles), and the store's rows (each account's outcome and its
 * encoded allocation, about 1.2 kB an account) until the run is stored. The chunks' file text is not kept: it is
 * written as each chunk arrives (batchFiles.ts).
 */
export class MappedBook {
  accounts = 0;
  fallback = 0;
  unallocated = 0;
  belowMinimum = 0;
  allocationBytes = 0;
  /** milliseconds the chunks spent writing their lines, on whatever thread mapped them */
  formatMs = 0;
  /** accounts below their cluster's account minimum, by cluster id */
  readonly belowBy = new Map<string, number>();
  private readonly trackingErrors: Float64Array;
  private readonly rows: { allocations: string[]; outcomes: AccountOutcome[] }[] = [];
  private stale = 0;
  private readonly staleIds: string[] = [];
  private firstUnallocated: AccountOutcome | undefined;

  constructor(expected: number) {
    this.trackingErrors = new Float64Array(expected);
  }

  add(chunk: MappedChunk): void {
    for (const o of chunk.outcomes) {
      this.trackingErrors[this.accounts++] = o.trackingError;
      if (o.status === 'fallback') this.fallback++;
      if (o.status === 'unallocated') {
        this.unallocated++;
        this.firstUnallocated ??= o;
      }
      if (o.belowMinimum) {
        this.belowMinimum++;
        this.belowBy.set(o.clusterId, (this.belowBy.get(o.clusterId) ?? 0) + 1);
      }
    }
    for (const a of chunk.allocations) this.allocationBytes += a.length;
    this.formatMs += chunk.formatMs;
    this.stale += chunk.stale;
    for (const id of chunk.staleIds) if (this.staleIds.length < 5) this.staleIds.push(id);
    this.rows.push({ allocations: chunk.allocations, outcomes: chunk.outcomes });
  }

  /** Median, 90th percentile and largest tracking error of the accounts. */
  trackingErrorQuantiles(): { median: number; p90: number; max: number } {
    const sorted = this.trackingErrors.slice(0, this.accounts).sort();
    return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), max: sorted.at(-1) ?? 0 };
  }

  warnings(): string[] {
    const out: string[] = [];
    if (this.stale > 0) out.push(`${this.stale} accounts hold more in the universe's names than their value (e.g. ${this.staleIds.join(', ')}): their holdings plus cash are used as the value`);
    const u = this.firstUnallocated;
    if (u) out.push(`${this.unallocated} accounts not allocated (status unallocated in accounts.csv), e.g. ${u.accountId}: ${u.reason}`);
    return out;
  }

  *outcomes(): Generator<AccountOutcome> {
    for (const r of this.rows) yield* r.outcomes;
  }

  *allocationRows(): Generator<{ accountId: string; allocation: string }> {
    for (const r of this.rows) for (let k = 0; k < r.outcomes.length; k++) yield { accountId: r.outcomes[k]!.accountId, allocation: r.allocations[k]! };
  }
}

/**
 * A span per chunk under the stage `parent`, where and when it was mapped: on a pool thread's lane, or on the stage's
 * own row when the caller's thread mapped it.
 */
export function recordChunkSpans(rec: RunRecorder, parent: string, chunks: readonly { index: number; accounts: number; timing: ChunkTiming }[]): void {
  const owner = rec.spans.findLast((s) => s.name === parent && s.parent === null);
  if (!owner) return;
  for (const { index, accounts, timing } of chunks) {
    rec.addTimedEpoch(owner, {
      name: `chunk ${index + 1}`,
      startedEpochMs: timing.startedEpochMs,
      endedEpochMs: timing.endedEpochMs,
      thread: timing.thread === 0 ? null : timing.thread,
      attrs: { accounts },
    });
  }
}
