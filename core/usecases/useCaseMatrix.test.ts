import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { componentCatalogue } from '../../solver/components/catalogue.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { matrixCsv } from './matrixCsv.ts';
import { copyUseCase, setParameters } from './useCaseEdits.ts';
import { matrixTable } from './useCaseMatrix.ts';
import { getUseCase, listUseCases } from './useCaseStore.ts';
import { writeVersion } from './writeVersion.ts';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-usecase-matrix-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
  copyUseCase(db, 'index-tracking', 'capped');
  setParameters(db, 'capped', { 'con.max-weight.maxWeight': 0.04, 'con.max-names.maxNames': 40, 'con.exclusions.tickers': 'AAA,BBB' });
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The enabled cells as the SQL view flattens the stored JSON: an independent reading of the same versions. */
function viewCells(): Map<string, unknown> {
  const rows = db.prepare('SELECT use_case, component, params FROM use_case_matrix').all() as { use_case: string; component: string; params: string }[];
  return new Map(rows.map((r) => [`${r.use_case}|${r.component}`, JSON.parse(r.params)]));
}

const RANK = { variables: 0, objective: 1, constraint: 2, unknown: 3 } as const;

describe('matrixTable', () => {
  it('has a column per catalogue component, variables then objectives then constraints, and a row per use case', () => {
    const m = matrixTable(db);
    expect(m.columns.map((c) => c.component).sort()).toEqual([...componentCatalogue.keys()].sort());
    const ranks = m.columns.map((c) => RANK[c.kind]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(m.rows.map((r) => r.useCase).sort()).toEqual(listUseCases(db).map((u) => u.id).sort());
  });

  it('has exactly the cells the stored current versions enable, with their parameters', () => {
    const m = matrixTable(db);
    const view = viewCells();
    let enabled = 0;
    for (const row of m.rows) {
      expect(row.version).toBe(getUseCase(db, row.useCase)!.version);
      m.columns.forEach((col, c) => {
        const cell = row.cells[c]!;
        const key = `${row.useCase}|${col.component}`;
        expect(cell.enabled, key).toBe(view.has(key));
        if (cell.enabled) {
          enabled++;
          expect(cell.params, key).toEqual(view.get(key));
        }
      });
    }
    expect(enabled).toBe(view.size);
    const capped = m.rows.find((r) => r.useCase === 'capped')!;
    expect(capped.cells[m.columns.findIndex((c) => c.component === 'con.max-weight')]).toEqual({ enabled: true, params: { maxWeight: 0.04 } });
  });

  it('keeps a component this release does not ship as an unknown column at the end', () => {
    const old = getUseCase(db, 'capped')!.useCase;
    db.transaction(() => writeVersion(db, { ...old, components: [...old.components, { id: 'con.retired', params: { x: 1 } }] }, { note: 'old', author: 'user' }))();
    const m = matrixTable(db);
    expect(m.columns.at(-1)).toMatchObject({ component: 'con.retired', kind: 'unknown' });
    expect(m.rows.find((r) => r.useCase === 'capped')!.cells.at(-1)).toEqual({ enabled: true, params: { x: 1 } });
  });
});

describe('matrixCsv', () => {
  it('writes a row per use case: empty cells for off, parameters as JSON for on', () => {
    const m = matrixTable(db);
    const records = parse(matrixCsv(m), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(['use_case', 'title', 'origin', 'version', 'solver', ...m.columns.map((c) => c.component)]);
    const view = viewCells();
    expect(records.map((r) => r.use_case).sort()).toEqual(listUseCases(db).map((u) => u.id).sort());
    for (const r of records) {
      expect(Number(r.version)).toBe(getUseCase(db, r.use_case!)!.version);
      for (const col of m.columns) {
        const key = `${r.use_case}|${col.component}`;
        const text = r[col.component]!;
        if (view.has(key)) expect(JSON.parse(text), key).toEqual(view.get(key));
        else expect(text, key).toBe('');
      }
    }
    const capped = records.find((r) => r.use_case === 'capped')!;
    expect(JSON.parse(capped['con.exclusions']!)).toEqual({ tickers: ['AAA', 'BBB'] });
  });
});
