import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { matrixCsv } from './matrixCsv.ts';
import { showUseCase } from './showUseCase.ts';
import { copyUseCase, setParameters } from './useCaseEdits.ts';
import { matrixTable } from './useCaseMatrix.ts';
import { getUseCase, listUseCases, useCaseHistory } from './useCaseStore.ts';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-usecase-solver-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
  copyUseCase(db, 'index-tracking', 'capped', { title: 'Index tracking, capped' });
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The solver as SQLite reads it out of the stored JSON: an independent reading of what was written. */
function storedSolver(id: string, version: number): unknown {
  return db.prepare("SELECT json_extract(definition, '$.solver') FROM use_case_versions WHERE use_case = ? AND version = ?").pluck().get(id, version);
}

function dump(): string {
  return JSON.stringify([db.prepare('SELECT * FROM use_cases ORDER BY id').all(), db.prepare('SELECT * FROM use_case_versions ORDER BY use_case, version').all()]);
}

function refusal(edit: () => unknown): InputError {
  try {
    edit();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('the edit was not refused');
}

describe("a use case's solver", () => {
  it('is absent from every stored definition that never chose one, and reads as highs', () => {
    // the catalogue seeded after the field was added wrote each use case once: its JSON did not change
    expect(listUseCases(db).filter((u) => u.origin === 'catalogue').every((u) => u.version === 1)).toBe(true);
    const withSolver = db.prepare("SELECT count(*) FROM use_case_versions WHERE json_type(definition, '$.solver') IS NOT NULL").pluck().get();
    expect(withSolver).toBe(0);
    expect(matrixTable(db).rows.every((r) => r.solver === 'highs')).toBe(true);
  });

  it('is set by usecases/set with the key solver as a new version, noted with what it was', () => {
    const r = setParameters(db, 'capped', { solver: 'race' }, { note: 'race CBC and HiGHS' });
    expect(r).toMatchObject({ changed: true, version: 2, author: 'user' });
    expect(r.note).toBe('race CBC and HiGHS (solver = "race" (was "highs"))');
    expect(storedSolver('capped', 2)).toBe('race');
    expect(storedSolver('capped', 1)).toBeNull();
    expect(useCaseHistory(db, 'capped').map((v) => v.useCase.solver)).toEqual([undefined, 'race']);
    // the components are untouched
    expect(getUseCase(db, 'capped')!.useCase.components).toEqual(getUseCase(db, 'index-tracking')!.useCase.components);
  });

  it('shows in the matrix, its CSV and usecases/show; a copy carries it', () => {
    setParameters(db, 'capped', { solver: 'cbc', 'con.max-weight.maxWeight': 0.03 });
    const m = matrixTable(db);
    const row = m.rows.find((x) => x.useCase === 'capped')!;
    expect(row).toMatchObject({ solver: 'cbc', version: 2 });
    expect(m.rows.find((x) => x.useCase === 'index-tracking')!.solver).toBe('highs');
    const records = parse(matrixCsv(m), { columns: true }) as Record<string, string>[];
    expect(Object.fromEntries(records.map((x) => [x.use_case, x.solver]))).toMatchObject({ capped: 'cbc', 'index-tracking': 'highs' });
    expect(showUseCase(db, 'capped').useCase.solver).toBe('cbc');

    const copy = copyUseCase(db, 'capped', 'capped-2');
    expect(copy.useCase.solver).toBe('cbc');
    expect(storedSolver('capped-2', 1)).toBe('cbc');
  });

  it('asks for no version when it is the solver already chosen, and highs is stored as absent', () => {
    const same = setParameters(db, 'capped', { solver: 'highs' });
    expect(same).toMatchObject({ changed: false, version: 1 });
    setParameters(db, 'capped', { solver: 'gurobi' });
    expect(setParameters(db, 'capped', { solver: ' gurobi ' })).toMatchObject({ changed: false, version: 2 });
    const back = setParameters(db, 'capped', { solver: 'highs' });
    expect(back).toMatchObject({ changed: true, version: 3, note: 'solver = "highs" (was "gurobi")' });
    expect(db.prepare("SELECT json_type(definition, '$.solver') FROM use_case_versions WHERE use_case = 'capped' AND version = 3").pluck().get()).toBeNull();
    // version 3 is the same JSON as version 1: one spelling per choice
    const definitions = db.prepare("SELECT definition FROM use_case_versions WHERE use_case = 'capped' ORDER BY version").pluck().all() as string[];
    expect(definitions[2]).toBe(definitions[0]);
  });

  it('refuses a solver it does not know, naming the field and the allowed values, and writes nothing', () => {
    const before = dump();
    for (const bad of ['xpress', 'RACE', 3, '']) {
      const e = refusal(() => setParameters(db, 'capped', { solver: bad }));
      expect(e.where).toEqual({ field: 'solver' });
      expect(e.message).toMatch(/^field solver: use case capped: solver must be one of highs, cbc, gurobi, race \(race: .*\), not /);
    }
    // with a valid parameter beside it: the whole edit is refused
    refusal(() => setParameters(db, 'capped', { 'con.max-weight.maxWeight': 0.03, solver: 'xpress' }));
    expect(dump()).toBe(before);
  });
});
