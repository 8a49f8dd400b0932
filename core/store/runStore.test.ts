import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Span } from '../../api/domain.ts';
import { openDatabase, type Database } from './database.ts';
import type { ResourceSample } from '../../api/runs.ts';
import { deleteRun, getRun, listRuns, saveRun, type RunInput } from './runStore.ts';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-runs-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const spans: Span[] = [
  { id: 1, parent: null, name: 'load', startMs: 0, durationMs: 12.5, attrs: { members: 504 } },
  { id: 2, parent: null, name: 'solve', startMs: 12.5, durationMs: 300 },
  { id: 3, parent: 2, name: 'presolve', startMs: 12.5, durationMs: 20, attrs: { rows: 10 } },
];

function run(overrides: Partial<RunInput> = {}): RunInput {
  return {
    createdAt: '2026-01-02T03:04:05.000Z',
    kind: 'optimize',
    status: 'optimal',
    universe: 'sp500',
    useCase: 'index-tracking',
    solver: 'highs',
    options: { lookback: 252, maxNames: 50 },
    result: { objective: 0.0012, names: 50 },
    machine: { cores: 2 },
    spans,
    ...overrides,
  };
}

describe('run store', () => {
  it('stores a run with its spans and reads it back as it was', () => {
    const id = saveRun(db, run());
    // the run's duration is the end of its last top-level span: solve ends at 312.5 ms
    expect(getRun(db, id)).toEqual({ ...run(), id, spans, samples: [], durationMs: 312.5 });
  });

  it('stores the resource track with the run, replaces it with the run and deletes it with the run', () => {
    const samples: ResourceSample[] = [
      { tMs: 0, cpuPercent: 12, rssMiB: 210.5, heapUsedMiB: 80, childCpuPercent: null, childRssMiB: null },
      { tMs: 100, cpuPercent: 180, rssMiB: 230, heapUsedMiB: 95, childCpuPercent: 99.5, childRssMiB: 40 },
    ];
    const id = saveRun(db, run({ samples }));
    expect(getRun(db, id)!.samples).toEqual(samples);
    saveRun(db, run({ id, samples: samples.slice(1) }));
    expect(getRun(db, id)!.samples).toEqual(samples.slice(1));
    expect(deleteRun(db, id)).toBe(1);
    expect(getRun(db, id)).toBeUndefined();
    expect(db.prepare('SELECT count(*) FROM run_samples').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM spans').pluck().get()).toBe(0);
    expect(deleteRun(db, id)).toBe(0);
  });

  it('lists runs by kind, status, universe and date', () => {
    const a = saveRun(db, run({ createdAt: '2026-01-01T00:00:00.000Z' }));
    const b = saveRun(db, run({ createdAt: '2026-02-01T00:00:00.000Z', kind: 'batch', status: 'partial', universe: 'r2000' }));
    const c = saveRun(db, run({ createdAt: '2026-03-01T00:00:00.000Z', kind: 'batch', status: 'done' }));
    expect(listRuns(db, { kind: 'batch' }).map((r) => r.id)).toEqual([c, b]);
    expect(listRuns(db, { status: 'partial' }).map((r) => r.id)).toEqual([b]);
    expect(listRuns(db, { universe: 'sp500' }).map((r) => r.id)).toEqual([c, a]);
    expect(listRuns(db, { since: '2026-02-01' }).map((r) => r.id)).toEqual([c, b]);
    expect(listRuns(db, { kind: 'batch', since: '2026-02-15' }).map((r) => r.id)).toEqual([c]);
  });

  it('gives new runs new ids and lists them newest first, without spans', () => {
    const first = saveRun(db, run({ createdAt: '2026-01-01T00:00:00.000Z' }));
    const second = saveRun(db, run({ createdAt: '2026-01-03T00:00:00.000Z', status: 'time-limit' }));
    expect(second).not.toBe(first);
    const listed = listRuns(db);
    expect(listed.map((r) => r.id)).toEqual([second, first]);
    expect(listed[0]!.status).toBe('time-limit');
    expect(listed[0]).not.toHaveProperty('spans');
    expect(listRuns(db, { limit: 1 })).toHaveLength(1);
  });

  it('replaces a run and all its spans when saved again under its id', () => {
    const id = saveRun(db, run({ status: 'running', result: null, spans: spans.slice(0, 1) }));
    expect(getRun(db, id)!.spans).toHaveLength(1);
    saveRun(db, run({ id, status: 'optimal', spans: spans.slice(1) }));
    const stored = getRun(db, id)!;
    expect(stored.status).toBe('optimal');
    expect(stored.spans.map((s) => s.name)).toEqual(['solve', 'presolve']);
    expect(listRuns(db)).toHaveLength(1);
  });

  it('writes nothing when one span cannot be stored', () => {
    const clash = [...spans, { ...spans[0]!, name: 'duplicate id' }];
    expect(() => saveRun(db, run({ spans: clash }))).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(listRuns(db)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM spans').pluck().get()).toBe(0);
  });

  it('answers undefined for an unknown run', () => {
    expect(getRun(db, 42)).toBeUndefined();
  });
});
