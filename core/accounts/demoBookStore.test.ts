import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRow, AccountsImportSummary } from '../../api/book.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';

let home: string;
let core: Core;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-demo-store-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  await core.services.close();
  fs.rmSync(home, { recursive: true, force: true });
});

async function call<T>(method: string, args: unknown): Promise<T> {
  const envelope = await core.dispatch(method as never, args as never);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as T;
}

describe('accounts/demo', () => {
  it('stores the book accounts/generate writes for the same seed, accounts and lots alike, with no files', async () => {
    const stored = await call<AccountsImportSummary>('accounts/demo', { count: 500, seed: 9 });
    const out = path.join(home, 'book.csv');
    const holdingsOut = path.join(home, 'lots.csv');
    await call('accounts/generate', { count: 500, seed: 9, out, holdingsOut });
    const imported = await call<AccountsImportSummary>('accounts/import', { file: out, holdingsFile: holdingsOut, book: 'from-files' });
    expect({ ...stored, book: '' }).toEqual({ ...imported, book: '' });
    expect(stored.book).toBe('demo');
    const demo = await call<AccountRow[]>('accounts/list', { book: 'demo', limit: 1000 });
    const files = await call<AccountRow[]>('accounts/list', { book: 'from-files', limit: 1000 });
    expect(demo).toEqual(files);
    // a real book: most accounts restricted one way or another, some with legacy lots
    expect(demo.filter((a) => a.exclude.length > 0).length).toBeGreaterThan(150);
    expect(demo.filter((a) => a.lots > 0).length).toBeGreaterThan(30);
  });

  it('replaces the stored demo book in one step and refuses an unknown universe by name', async () => {
    await call('accounts/demo', { count: 40, seed: 2 });
    expect((await call<AccountRow[]>('accounts/list', { book: 'demo', limit: 1000 })).length).toBe(40);
    const envelope = await core.dispatch('accounts/demo', { count: 10, universe: 'nowhere' });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.error.message).toMatch(/nowhere/);
    expect((await call<AccountRow[]>('accounts/list', { book: 'demo', limit: 1000 })).length).toBe(40);
  });
});
