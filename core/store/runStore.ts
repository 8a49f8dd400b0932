import type { Database } from './database.ts';

/** One timed stage of a run (DESIGN section 6); `parent` is the id of the enclosing span. */
export interface SpanRecord {
  id: string;
  parent: string | null;
  name: string;
  startMs: number;
  durationMs: number;
  attrs: Record<string, unknown>;
}

export interface RunRecord {
  id: string;
  /** ISO timestamp */
  createdAt: string;
  /** what was run, e.g. `optimize`, `minimums`, `bench` */
  kind: string;
  /** e.g. `running`, `optimal`, `time-limit`, `failed` */
  status: string;
  universe: string | null;
  useCase: string | null;
  solver: string | null;
  options: unknown;
  result: unknown;
  machine: unknown;
  spans: SpanRecord[];
}

export type RunSummary = Omit<RunRecord, 'spans'>;

interface RunRow {
  id: string;
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
  id: string;
  parent: string | null;
  name: string;
  start_ms: number;
  duration_ms: number;
  attrs: string;
}

/**
 * Writes a run and its spans in one transaction. Saving a run id again replaces the run and all its
 * spans, so a job can save itself as `running` and again when it ends.
 */
export function saveRun(db: Database, run: RunRecord): void {
  const upsertRun = db.prepare(`
    INSERT INTO runs (id, created_at, kind, status, universe, use_case, solver, options, result, machine)
    VALUES (@id, @createdAt, @kind, @status, @universe, @useCase, @solver, @options, @result, @machine)
    ON CONFLICT (id) DO UPDATE SET
      created_at = excluded.created_at, kind = excluded.kind, status = excluded.status,
      universe = excluded.universe, use_case = excluded.use_case, solver = excluded.solver,
      options = excluded.options, result = excluded.result, machine = excluded.machine`);
  const dropSpans = db.prepare('DELETE FROM spans WHERE run_id = ?');
  const insertSpan = db.prepare(`
    INSERT INTO spans (run_id, id, parent, name, start_ms, duration_ms, attrs)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    upsertRun.run({
      id: run.id,
      createdAt: run.createdAt,
      kind: run.kind,
      status: run.status,
      universe: run.universe,
      useCase: run.useCase,
      solver: run.solver,
      options: JSON.stringify(run.options ?? {}),
      result: toJsonOrNull(run.result),
      machine: toJsonOrNull(run.machine),
    });
    dropSpans.run(run.id);
    for (const span of run.spans) {
      insertSpan.run(run.id, span.id, span.parent, span.name, span.startMs, span.durationMs, JSON.stringify(span.attrs ?? {}));
    }
  })();
}

export function getRun(db: Database, id: string): RunRecord | undefined {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  if (row === undefined) return undefined;
  const spans = db
    .prepare('SELECT id, parent, name, start_ms, duration_ms, attrs FROM spans WHERE run_id = ? ORDER BY start_ms, id')
    .all(id) as SpanRow[];
  return {
    ...toSummary(row),
    spans: spans.map((span) => ({
      id: span.id,
      parent: span.parent,
      name: span.name,
      startMs: span.start_ms,
      durationMs: span.duration_ms,
      attrs: JSON.parse(span.attrs) as Record<string, unknown>,
    })),
  };
}

/** Runs newest first, without their spans. */
export function listRuns(db: Database, options: { limit?: number } = {}): RunSummary[] {
  const rows = db
    .prepare('SELECT * FROM runs ORDER BY created_at DESC, id DESC LIMIT ?')
    .all(options.limit ?? -1) as RunRow[];
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
