import type { Span } from '../../api/domain.ts';
import type { ResourceSample, RunSummary, StoredRun } from '../../api/runs.ts';
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
  /** the resource track sampled while it ran; none when absent */
  samples?: readonly ResourceSample[];
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
  duration_ms: number | null;
}

interface SampleRow {
  t_ms: number;
  cpu_percent: number;
  rss_mib: number;
  heap_used_mib: number;
  child_cpu_percent: number | null;
  child_rss_mib: number | null;
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
  const dropSamples = db.prepare('DELETE FROM run_samples WHERE run_id = ?');
  // OR REPLACE: two samples cannot share a time, but a clock read twice within its resolution must not fail the run
  const insertSample = db.prepare(`
    INSERT OR REPLACE INTO run_samples (run_id, t_ms, cpu_percent, rss_mib, heap_used_mib, child_cpu_percent, child_rss_mib)
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
    dropSamples.run(id);
    for (const x of run.samples ?? []) {
      insertSample.run(id, x.tMs, x.cpuPercent, x.rssMiB, x.heapUsedMiB, x.childCpuPercent, x.childRssMiB);
    }
    return id;
  })();
}

export function getRun(db: Database, id: number): StoredRun | undefined {
  const row = db.prepare(`SELECT *, ${durationSql} AS duration_ms FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
  if (row === undefined) return undefined;
  const spans = db
    .prepare('SELECT id, parent, name, start_ms, duration_ms, attrs FROM spans WHERE run_id = ? ORDER BY id')
    .all(id) as SpanRow[];
  const samples = db
    .prepare('SELECT t_ms, cpu_percent, rss_mib, heap_used_mib, child_cpu_percent, child_rss_mib FROM run_samples WHERE run_id = ? ORDER BY t_ms')
    .all(id) as SampleRow[];
  return {
    ...toSummary(row),
    samples: samples.map((x) => ({
      tMs: x.t_ms,
      cpuPercent: x.cpu_percent,
      rssMiB: x.rss_mib,
      heapUsedMiB: x.heap_used_mib,
      childCpuPercent: x.child_cpu_percent,
      childRssMiB: x.child_rss_mib,
    })),
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

/** The run's wall time: the end of its last top-level span. */
const durationSql = '(SELECT max(start_ms + duration_ms) FROM spans WHERE spans.run_id = runs.id AND spans.parent IS NULL)';

export interface RunFilter {
  limit?: number;
  kind?: string;
  status?: string;
  universe?: string;
  /** an ISO date or timestamp: runs created on or after it */
  since?: string;
}

/**
 * Runs newest first, without their spans, filtered by what is given. A result's `holdings` (a portfolio, tens of kB
 * for the S&P 500) are left out: a list shows the summary figures, getRun the whole run.
 */
export function listRuns(db: Database, filter: RunFilter = {}): RunSummary[] {
  const rows = db
    .prepare(
      `SELECT id, created_at, kind, status, universe, use_case, solver, options, json_remove(result, '$.holdings') AS result, machine,
              ${durationSql} AS duration_ms
       FROM runs
       WHERE (@kind IS NULL OR kind = @kind) AND (@status IS NULL OR status = @status)
         AND (@universe IS NULL OR universe = @universe) AND (@since IS NULL OR created_at >= @since)
       ORDER BY created_at DESC, id DESC LIMIT @limit`,
    )
    .all({ kind: filter.kind ?? null, status: filter.status ?? null, universe: filter.universe ?? null, since: filter.since ?? null, limit: filter.limit ?? -1 }) as RunRow[];
  return rows.map(toSummary);
}

/** Deletes a run with its spans, samples and stored allocations (ON DELETE CASCADE); answers how many runs went (0 or 1). */
export function deleteRun(db: Database, id: number): number {
  return db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes;
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
    durationMs: row.duration_ms ?? 0,
  };
}

function toJsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * Replaces a stored run's spans and resource track with their final state: a job stores its run inside its last
 * stage (`persist`), whose span is still open then, and samples on after it; and puts the run's id in its result,
 * which was saved before the id existed. Updates the run's row, so the change is recorded for the team database
 * like any save (trigger runs_updated).
 */
export function finishRunTrack(db: Database, runId: number, spans: readonly Span[], samples: readonly ResourceSample[]): void {
  const updateSpan = db.prepare('UPDATE spans SET start_ms = ?, duration_ms = ?, attrs = ? WHERE run_id = ? AND id = ?');
  const insertSpan = db.prepare('INSERT OR IGNORE INTO spans (run_id, id, parent, name, start_ms, duration_ms, attrs) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const dropSamples = db.prepare('DELETE FROM run_samples WHERE run_id = ?');
  const insertSample = db.prepare(`
    INSERT OR REPLACE INTO run_samples (run_id, t_ms, cpu_percent, rss_mib, heap_used_mib, child_cpu_percent, child_rss_mib)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    // a result saved before the run had its id says `runId: 0`; the id goes in now, and the update records the change
    const touched = db
      .prepare(
        `UPDATE runs SET result = CASE WHEN json_type(result, '$.runId') = 'integer' THEN json_set(result, '$.runId', id) ELSE result END WHERE id = ?`,
      )
      .run(runId).changes;
    if (touched === 0) return;
    for (const span of spans) {
      const attrs = toJsonOrNull(span.attrs);
      if (updateSpan.run(span.startMs, span.durationMs, attrs, runId, span.id).changes === 0) {
        insertSpan.run(runId, span.id, span.parent, span.name, span.startMs, span.durationMs, attrs);
      }
    }
    dropSamples.run(runId);
    for (const x of samples) insertSample.run(runId, x.tMs, x.cpuPercent, x.rssMiB, x.heapUsedMiB, x.childCpuPercent, x.childRssMiB);
  })();
}
