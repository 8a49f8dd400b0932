import { randomBytes } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { AccountOutcome } from '../../api/book.ts';
import type { Database } from '../store/database.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';
import { quantile } from './batchAudit.ts';
import type { MappedChunk } from './mappedChunk.ts';
import type { ChunkTiming } from './mappingPool.ts';

/**
 * What the batch keeps of its mapped chunks, in chunk order: the counts and figures of its summary and every account's
 * tracking error (8 bytes an account, for the quantiles). The store's rows (each account's outcome and its encoded
 * allocation, about 1.2 kB an account: 1.2 GB for a million) go into a temporary table of the store's connection as
 * each chunk arrives, on disk rather than in memory, and are copied under the run's id once it is stored
 * (copyRowsInto). The chunks' file text is not kept: it is written as each chunk arrives (batchFiles.ts).
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
  private readonly table = `mapped_accounts_${randomBytes(6).toString('hex')}`;
  private readonly insert: Statement;
  private stale = 0;
  private readonly staleIds: string[] = [];
  private firstUnallocated: AccountOutcome | undefined;

  constructor(
    private readonly db: Database,
    expected: number,
  ) {
    this.trackingErrors = new Float64Array(expected);
    db.exec(`CREATE TEMP TABLE ${this.table} (
      position INTEGER PRIMARY KEY, account_id TEXT NOT NULL, cluster_id TEXT NOT NULL, value REAL NOT NULL, cash REAL NOT NULL,
      names INTEGER NOT NULL, tracking_error REAL NOT NULL, trades INTEGER NOT NULL, below_minimum INTEGER NOT NULL, status TEXT NOT NULL,
      target TEXT, reason TEXT, allocation TEXT NOT NULL)`);
    this.insert = db.prepare(`INSERT INTO temp.${this.table} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  add(chunk: MappedChunk): void {
    const first = this.accounts;
    this.db.transaction(() => {
      chunk.outcomes.forEach((o, k) => {
        this.insert.run(first + k, o.accountId, o.clusterId, o.value, o.cash, o.names, o.trackingError, o.trades, o.belowMinimum ? 1 : 0, o.status, o.target, o.reason, chunk.allocations[k]!);
      });
    })();
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

  /** The accounts' outcomes and allocations as rows of `runId` (batch_outcomes, batch_allocations); inside the run's transaction. */
  copyRowsInto(runId: number): void {
    this.db
      .prepare(
        `INSERT INTO batch_outcomes (run_id, position, account_id, cluster_id, value, cash, names, tracking_error, trades, below_minimum, status, target, reason)
         SELECT ?, position, account_id, cluster_id, value, cash, names, tracking_error, trades, below_minimum, status, target, reason FROM temp.${this.table} ORDER BY position`,
      )
      .run(runId);
    this.db.prepare(`INSERT INTO batch_allocations (run_id, account_id, allocation) SELECT ?, account_id, allocation FROM temp.${this.table} ORDER BY position`).run(runId);
  }

  /** The temporary table dropped (after the run is stored, or when the batch fails). */
  close(): void {
    if (!this.db.open || this.db.inTransaction) return;
    this.db.exec(`DROP TABLE IF EXISTS temp.${this.table}`);
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
