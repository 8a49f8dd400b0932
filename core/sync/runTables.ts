import type { AccountOutcome, ClusterSummary } from '../../api/book.ts';
import type { Holding } from '../../api/domain.ts';
import { hasOutcomeRows, outcomeCount, runOutcomes } from '../book/storedOutcomes.ts';
import { copyRow, type CopyValue } from './copyText.ts';
import { mirroredTable } from './mirroredTable.ts';
import type { EntityKind, ScopeSource, TeamTable } from './teamTables.ts';

/**
 * A run's tables: the run, its spans and its resource samples as stored, and what its result JSON holds as rows for SQL readers (Grafana):
 * an optimize run's portfolio, a batch run's clusters and accounts. A run is saved whole each time (as `running`,
 * then when it ends), so a changed run is resent whole.
 */
export const runKind: EntityKind = {
  entity: 'run',
  exists: (s) => s.number('SELECT count(*) FROM runs WHERE id = ?', runId(s)) > 0,
  label: (scope) => `run ${scope}`,
};

function runId(s: ScopeSource): number {
  return Number(s.scope);
}

interface StoredRunFacts {
  kind: string;
  result: Record<string, unknown> | null;
}

/** The run's kind and parsed result, once per scope (a 10,000-account batch's result is megabytes of JSON). */
function runFacts(s: ScopeSource): StoredRunFacts {
  return s.memo('run', () => {
    const row = s.statement('SELECT kind, result FROM runs WHERE id = ?').get(runId(s)) as { kind: string; result: string | null } | undefined;
    return { kind: row?.kind ?? '', result: row?.result ? (JSON.parse(row.result) as Record<string, unknown>) : null };
  });
}

/** A figure the schema requires: its absence is a run stored in a shape this release does not know, named in the error. */
function needed(value: unknown, what: string): CopyValue {
  if (value === undefined || value === null) throw new Error(`${what} is missing from the stored result`);
  return value as CopyValue;
}

function orNull(value: unknown): CopyValue {
  return value === undefined ? null : (value as CopyValue);
}

function listOf<T>(s: ScopeSource, field: string, batchOnly: boolean): T[] {
  const { kind, result } = runFacts(s);
  if (batchOnly && kind !== 'batch') return [];
  const list = result?.[field];
  return Array.isArray(list) ? (list as T[]) : [];
}

/** A batch run's accounts: its rows (in the run's order), or for a run stored before them, its result's list. */
function batchOutcomes(s: ScopeSource): Iterable<AccountOutcome> {
  return isBatchWithRows(s) ? runOutcomes(s.db, runId(s)) : listOf<AccountOutcome>(s, 'outcomes', true);
}

function isBatchWithRows(s: ScopeSource): boolean {
  return runFacts(s).kind === 'batch' && hasOutcomeRows(s.db, runId(s));
}

export const runTables: readonly TeamTable[] = [
  mirroredTable({
    name: 'runs',
    entity: 'run',
    scopeColumn: 'run_id',
    from: 'runs',
    fromScope: 'id',
    columns: [
      ['run_id', 'id', 'number'], ['created_at', 'created_at', 'text'], ['kind', 'kind', 'text'], ['status', 'status', 'text'], ['universe', 'universe', 'text'],
      ['use_case', 'use_case', 'text'], ['solver', 'solver', 'text'],
      // the run's wall time: the end of its latest span
      ['duration_ms', '(SELECT max(start_ms + duration_ms) FROM spans WHERE spans.run_id = runs.id)', 'number'],
      ['options', 'options', 'text'], ['result', 'result', 'text'], ['machine', 'machine', 'text'],
    ],
  }),
  mirroredTable({
    name: 'spans',
    entity: 'run',
    scopeColumn: 'run_id',
    from: 'spans',
    fromScope: 'run_id',
    columns: [
      ['run_id', 'run_id', 'number'], ['span_id', 'id', 'number'], ['parent', 'parent', 'number'], ['name', 'name', 'text'], ['start_ms', 'start_ms', 'number'],
      ['duration_ms', 'duration_ms', 'number'], ['attrs', 'attrs', 'text'],
    ],
  }),
  // the run's resource track (CPU and memory while it ran), on the clock of its spans
  mirroredTable({
    name: 'run_samples',
    entity: 'run',
    scopeColumn: 'run_id',
    from: 'run_samples',
    fromScope: 'run_id',
    columns: [
      ['run_id', 'run_id', 'number'], ['t_ms', 't_ms', 'number'], ['cpu_percent', 'cpu_percent', 'number'], ['rss_mib', 'rss_mib', 'number'],
      ['heap_used_mib', 'heap_used_mib', 'number'], ['child_cpu_percent', 'child_cpu_percent', 'number'], ['child_rss_mib', 'child_rss_mib', 'number'],
    ],
  }),
  {
    name: 'run_portfolios',
    entity: 'run',
    columns: ['store_id', 'run_id', 'ticker', 'sector', 'weight', 'benchmark_weight', 'shares', 'price', 'value'],
    scopeColumn: 'run_id',
    *lines(s) {
      const id = runId(s);
      for (const [k, h] of listOf<Holding>(s, 'holdings', false).entries()) {
        const what = (field: string) => `holding ${k + 1} (${h.ticker}) ${field}`;
        yield copyRow([id, needed(h.ticker, `holding ${k + 1} ticker`), needed(h.sector, what('sector')), needed(h.weight, what('weight')),
          needed(h.benchmarkWeight, what('benchmarkWeight')), orNull(h.shares), needed(h.price, what('price')), orNull(h.value)]);
      }
    },
    estimate: (s) => listOf(s, 'holdings', false).length,
  },
  {
    name: 'batch_clusters',
    entity: 'run',
    columns: ['store_id', 'run_id', 'cluster_id', 'strategy', 'tax_status', 'exclude', 'min_value', 'max_value', 'max_names', 'min_weight',
      'accounts', 'tracking_error', 'names', 'account_minimum', 'below_minimum', 'solve_status'],
    scopeColumn: 'run_id',
    *lines(s) {
      const id = runId(s);
      for (const c of listOf<ClusterSummary>(s, 'clusters', true)) {
        const what = (field: string) => `cluster ${c.clusterId} ${field}`;
        const key = needed(c.key, what('key')) as unknown as ClusterSummary['key'];
        const band = needed(c.band, what('band')) as unknown as ClusterSummary['band'];
        yield copyRow([id, needed(c.clusterId, 'a cluster id'), key.strategy, key.taxStatus, (key.exclude ?? []).join(';'),
          needed(band.minValue, what('band.minValue')), needed(band.maxValue, what('band.maxValue')), needed(band.maxNames, what('band.maxNames')),
          needed(band.minWeight, what('band.minWeight')), needed(c.accounts, what('accounts')), orNull(c.trackingError), needed(c.names, what('names')),
          orNull(c.accountMinimum), c.belowMinimum ?? 0, needed(c.solveStatus, what('solveStatus'))]);
      }
    },
    estimate: (s) => listOf(s, 'clusters', true).length,
  },
  {
    name: 'batch_accounts',
    entity: 'run',
    columns: ['store_id', 'run_id', 'account_id', 'cluster_id', 'value', 'cash', 'names', 'tracking_error', 'trades', 'below_minimum', 'status', 'target', 'reason'],
    scopeColumn: 'run_id',
    *lines(s) {
      const id = runId(s);
      for (const o of batchOutcomes(s)) {
        const what = (field: string) => `account ${o.accountId} ${field}`;
        yield copyRow([id, needed(o.accountId, 'an account id'), needed(o.clusterId, what('clusterId')), needed(o.value, what('value')), needed(o.cash, what('cash')),
          needed(o.names, what('names')), orNull(o.trackingError), needed(o.trades, what('trades')), o.belowMinimum === true,
          needed(o.status, what('status')), orNull(o.target), orNull(o.reason)]);
      }
    },
    estimate: (s) => (isBatchWithRows(s) ? outcomeCount(s.db, runId(s)) : listOf(s, 'outcomes', true).length),
  },
];
