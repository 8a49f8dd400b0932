import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useCaseCatalogue } from '../../solver/usecases/catalogue.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { findUseCase } from './findUseCase.ts';
import { seedUseCases } from './seedUseCases.ts';
import { setParameter } from './useCaseEdits.ts';
import { getUseCase, listUseCases, useCaseHistory } from './useCaseStore.ts';

let dir: string;
let file: string;
let db: Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-usecases-'));
  file = path.join(dir, 'jessica.sqlite');
  db = openDatabase(file);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const extra: UseCase = {
  id: 'test-extra',
  title: 'Shipped later',
  description: 'a use case a later release adds',
  components: [
    { id: 'var.weights', params: {} },
    { id: 'obj.tracking-mad', params: {} },
    { id: 'con.budget', params: {} },
  ],
};

describe('seeding the matrix from the catalogue', () => {
  it('a fresh store holds every catalogue use case at version 1, equal to the shipped JSON', () => {
    const list = listUseCases(db);
    expect(list.map((u) => u.id).sort()).toEqual(useCaseCatalogue.map((u) => u.id).sort());
    for (const shipped of useCaseCatalogue) {
      const stored = getUseCase(db, shipped.id)!;
      expect(stored.origin).toBe('catalogue');
      expect(stored.version).toBe(1);
      expect(stored.author).toBe('catalogue');
      expect(stored.useCase).toEqual(shipped);
    }
  });

  it('seeds once: reopening the store or seeding again writes nothing', () => {
    listUseCases(db);
    const versions = () => db.prepare('SELECT count(*) FROM use_case_versions').pluck().get();
    const before = versions();
    expect(seedUseCases(db)).toEqual({ added: [], updated: [] });
    db.close();
    db = openDatabase(file);
    listUseCases(db);
    expect(versions()).toBe(before);
  });

  it('adds a use case a later release ships, and keeps the ones the store has', () => {
    listUseCases(db);
    expect(seedUseCases(db, [...useCaseCatalogue, extra])).toEqual({ added: ['test-extra'], updated: [] });
    expect(getUseCase(db, 'test-extra')).toMatchObject({ origin: 'catalogue', version: 1, useCase: extra });
    expect(listUseCases(db)).toHaveLength(useCaseCatalogue.length + 1);
  });

  it('a changed shipped definition becomes a new version unless a user edited the use case', () => {
    seedUseCases(db, [extra]);
    const edited: UseCase = { ...extra, id: 'test-edited' };
    seedUseCases(db, [edited]);
    setParameter(db, 'test-edited', 'con.budget.cashMax', 0.02);

    const release2 = (u: UseCase): UseCase => ({ ...u, components: [...u.components, { id: 'con.long-only', params: {} }] });
    expect(seedUseCases(db, [release2(extra), release2(edited)])).toEqual({ added: [], updated: ['test-extra'] });

    expect(useCaseHistory(db, 'test-extra').map((v) => [v.version, v.author, v.note])).toEqual([
      [1, 'catalogue', 'from the catalogue'],
      [2, 'catalogue', 'catalogue update'],
    ]);
    expect(getUseCase(db, 'test-extra')!.useCase).toEqual(release2(extra));
    // the user's edit stands
    const kept = getUseCase(db, 'test-edited')!;
    expect(kept.version).toBe(2);
    expect(kept.useCase.components.find((c) => c.id === 'con.budget')!.params).toEqual({ cashMax: 0.02 });
    expect(kept.useCase.components.some((c) => c.id === 'con.long-only')).toBe(false);
  });
});

describe('findUseCase', () => {
  it('reads the current version from the store and lists the known ids when there is none', () => {
    setParameter(db, 'index-tracking', 'con.max-weight.maxWeight', 0.1);
    expect(findUseCase(db, 'index-tracking').components).toContainEqual({ id: 'con.max-weight', params: { maxWeight: 0.1 } });
    expect(() => findUseCase(db, 'index-trakcing')).toThrow(/unknown use case "index-trakcing" \(known: .*index-tracking/);
  });
});
