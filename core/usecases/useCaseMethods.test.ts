import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';

let home: string;
let core: Core;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-usecase-methods-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

describe('usecases/* through dispatch', () => {
  it('copies, sets with typed values from any transport, and shows the history', async () => {
    expect(await core.dispatch('usecases/copy', { id: 'index-tracking', newId: 'api-copy' })).toMatchObject({ ok: true, value: { version: 1 } });
    const set = await core.dispatch('usecases/set', { id: 'api-copy', values: { 'con.max-weight.maxWeight': 0.05, 'con.exclusions.tickers': ['AAA'] } });
    expect(set).toMatchObject({ ok: true, value: { changed: true, version: 2 } });
    const shown = await core.dispatch('usecases/show', { id: 'api-copy' });
    expect(shown.ok && (shown.value as { history: unknown[] }).history).toHaveLength(2);
    const matrix = await core.dispatch('usecases/matrix', {});
    expect(matrix.ok && (matrix.value as { rows: { useCase: string }[] }).rows.map((r) => r.useCase)).toContain('api-copy');
  });

  it('answers a refused edit with bad-input located at the component and parameter', async () => {
    const r = await core.dispatch('usecases/set', { id: 'index-tracking', values: { 'con.max-names.maxNames': 2.5 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input', where: { component: 'con.max-names', field: 'maxNames' } } });
    const empty = await core.dispatch('usecases/set', { id: 'index-tracking', values: {} });
    expect(empty).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'values' } } });
    const unknown = await core.dispatch('usecases/show', { id: 'nope' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/known: .*index-tracking/) } });
  });
});
