import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, openDatabase, readMigrations } from './database.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-db-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const migrationsDir = path.resolve(import.meta.dirname, 'migrations');

describe('openDatabase', () => {
  it('creates the store with every migration applied once, in WAL mode with foreign keys on', () => {
    const file = path.join(dir, 'nested', 'jessica.sqlite');
    const db = openDatabase(file);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(readMigrations(migrationsDir).map((m) => m.version));
    expect(versions[0]).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['universes', 'universe_members', 'prices', 'index_closes', 'runs', 'spans', 'schema_migrations']),
    );
    db.close();
  });

  it('is idempotent: reopening applies nothing and changes no byte of the file', () => {
    const file = path.join(dir, 'jessica.sqlite');
    openDatabase(file).close();
    const before = fs.readFileSync(file);
    const db = openDatabase(file);
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(readMigrations(migrationsDir).length);
    expect(applyMigrations(db, readMigrations(migrationsDir))).toEqual([]);
    db.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('enforces the schema: STRICT types and foreign keys', () => {
    const db = openDatabase(path.join(dir, 'jessica.sqlite'));
    db.prepare("INSERT INTO universes (name, created_at, source) VALUES ('u', 'now', 'test')").run();
    expect(() =>
      db.prepare("INSERT INTO prices (universe, date, ticker, close) VALUES ('u', '2021-01-04', 'A', 'abc')").run(),
    ).toThrow(/cannot store TEXT value in REAL column/);
    expect(() =>
      db.prepare("INSERT INTO prices (universe, date, ticker, close) VALUES ('nope', '2021-01-04', 'A', 1)").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('applyMigrations', () => {
  function writeMigrations(files: Record<string, string>): string {
    const migrations = path.join(dir, 'migrations');
    fs.mkdirSync(migrations);
    for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(migrations, name), sql);
    return migrations;
  }

  it('applies steps in version order, each once, and later steps on a later open', () => {
    const migrations = writeMigrations({
      '002_add.sql': 'INSERT INTO t VALUES (2);',
      '001_init.sql': 'CREATE TABLE t (v INTEGER) STRICT; INSERT INTO t VALUES (1);',
      'README.md': 'not a migration',
    });
    const db = openDatabase(path.join(dir, 'jessica.sqlite'));
    // Shifted past the real schema's versions, which openDatabase has applied already.
    const custom = readMigrations(migrations).map((m) => ({ ...m, version: m.version + 100 }));
    expect(custom.map((m) => m.name)).toEqual(['init', 'add']);
    expect(applyMigrations(db, custom.slice(0, 1))).toEqual([101]);
    expect(applyMigrations(db, custom)).toEqual([102]);
    expect(applyMigrations(db, custom)).toEqual([]);
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1, 2]);
    db.close();
  });

  it('rolls a failing step back whole and keeps the steps before it', () => {
    const migrations = writeMigrations({
      '001_ok.sql': 'CREATE TABLE kept (v INTEGER) STRICT;',
      '002_bad.sql': 'CREATE TABLE half (v INTEGER) STRICT; INSERT INTO missing_table VALUES (1);',
    });
    const db = openDatabase(path.join(dir, 'jessica.sqlite'));
    // Shifted past the real schema's versions, which openDatabase has applied already.
    const custom = readMigrations(migrations).map((m) => ({ ...m, version: m.version + 100 }));
    expect(() => applyMigrations(db, custom)).toThrow(/missing_table/);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(tables).toContain('kept');
    expect(tables).not.toContain('half');
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(101);
    db.close();
  });

  it('refuses two migrations with one version', () => {
    const migrations = writeMigrations({ '001_a.sql': 'SELECT 1;', '1_b.sql': 'SELECT 1;' });
    expect(() => readMigrations(migrations)).toThrow(/share version 1/);
  });
});
