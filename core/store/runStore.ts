import type { Span } from '../../api/domain.ts';
import type { RunSummary, StoredRun } from '../../api/runs.ts';
import type { Database } from './database.ts';

/** A run to store. Without `id` it is a new run; with one, it replaces that run and all its spans. */
export interface RunInput {
  id?: number;
  /** ISO timestamp; now when absent */
  createdAt?: string;
  /** what was run, e.g. `optimize`, `minimums`, `bench` */
  kind: string;
  /** e.g. `running`, `optimal`, `time-limit`, `infeasible` */
  status: string;
  universe?: string | null;
  useCase?: string | null;
  solver?: string | null;
  options: unknown;
  result?: unknown;
  machine?: unknown;
  /** the stages of the run (DESIGN section 6) */
  spans: readonly Span[];
}

interface RunRow {
  id: number;
  created_at: string;
  kind: string;
  status: string;
  universe: string | null;
  use_case: string | null;
  solver: string | null;
  options: string;
  result: string | null;
  machine: string | null;
}

interface SpanRow {
  id: number;
  parent: number | null;
  name: string;
  start_ms: number;
  duration_ms: number;
  attrs: string | null;
}

/**
 * Writes a run and its spans in one transaction and returns the run's id. Saving with an existing id
 * replaces that run and all its spans, so a job can store itself as `running` and again when it ends.
 */
export function saveRun(db: Database, run: RunInput): number {
  const upsertRun = db.prepare(`
    INSERT INTO runs (id, created_at, kind, status, universe, use_case, solver, options, result, machine)
    VALUES (@id, @createdAt, @kind, @status, @universe, @useCase, @solver, @options, @result, @machine)
    ON CONFLICT (id) DO UPDATE SET
      created_at = excluded.created_at, kind = excluded.kind, status = excluded.status,
      universe = excluded.universe, use_case = excluded.use_case, solver = excluded.solver,
      options = excluded.options, result = excluded.result, machine = excluded.machine
    RETURNING id`);
  const dropSpans = db.prepare('DELETE FROM spans WHERE run_id = ?');
  const insertSpan = db.prepare(`
    INSERT INTO spans (run_id, id, parent, name, start_ms, duration_ms, attrs)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  return db.transaction(() => {
    const { id } = upsertRun.get({
      id: run.id ?? null,
      createdAt: run.createdAt ?? new Date().toISOString(),
      kind: run.kind,
      status: run.status,
      universe: run.universe ?? null,
      useCase: run.useCase ?? null,
      solver: run.solver ?? null,
      options: JSON.stringify(run.options ?? {}),
      result: toJsonOrNull(run.result),
      machine: toJsonOrNull(run.machine),
    }) as { id: number };
    dropSpans.run(id);
    for (const span of run.spans) {
      insertSpan.run(id, span.id, span.parent, span.name, span.startMs, span.durationMs, toJsonOrNull(span.attrs));
    }
    return id;
  })();
}

export function getRun(db: Database, id: number): StoredRun | undefined {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  if (row === undefined) return undefined;
  const spans = db
    .prepare('SELECT id, parent, name, start_ms, duration_ms, attrs FROM spans WHERE run_id = ? ORDER BY id')
    .all(id) as SpanRow[];
  return {
    ...toSummary(row),
    spans: spans.map((span) => ({
      id: span.id,
      parent: span.parent,
      name: span.name,
      startMs: span.start_ms,
      durationMs: span.duration_ms,
      ...(span.attrs === null ? {} : { attrs: JSON.parse(span.attrs) as Record<string, unknown> }),
    })),
  };
}

/**
 * Runs newest first, without their spans, and of `kind` only when given. A result's `holdings` (a
 * portfolio, tens of kB for the S&P 500) are left out: a list shows the summary figures, getRun the whole run.
 */
export function listRuns(db: Database, options: { limit?: number; kind?: string } = {}): RunSummary[] {
  const rows = db
    .prepare(
      `SELECT id, created_at, kind, status, universe, use_case, solver, options, json_remove(result, '$.holdings') AS result, machine FROM runs
       WHERE @kind IS NULL OR kind = @kind ORDER BY created_at DESC, id DESC LIMIT @limit`,
    )
    .all({ kind: options.kind ?? null, limit: options.limit ?? -1 }) as RunRow[];
  return rows.map(toSummary);
}

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    createdAt: row.created_at,
    kind: row.kind,
    status: row.status,
    universe: row.universe,
    useCase: row.use_case,
    solver: row.solver,
    options: JSON.parse(row.options) as unknown,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    machine: row.machine === null ? null : (JSON.parse(row.machine) as unknown),
  };
}

function toJsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
