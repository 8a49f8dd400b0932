import { describe, expect, it } from 'vitest';
import { runsListArgs } from '../../../api/methods.ts';
import { createClient } from '../api/client.ts';
import { runsCore } from '../features/runs/runsCoreFixture.ts';
import { RUN_HISTORY_LIMIT, runsListArgsOf } from './runsSlice.ts';
import { createAppStore } from './store.ts';

function storeOverRuns() {
  const { core, runs } = runsCore();
  const store = createAppStore(createClient(core.transport(), { pollMs: 60_000 }));
  return { core, runs, store };
}

describe('the runs slice', () => {
  it('sends only the filters that are set, as runs/list accepts them', () => {
    expect(runsListArgsOf({ kind: '', status: '', universe: '', since: '' })).toEqual({ limit: RUN_HISTORY_LIMIT });
    const all = runsListArgsOf({ kind: 'batch', status: 'done', universe: 'demo', since: '2026-04-09' });
    expect(all).toEqual({ limit: RUN_HISTORY_LIMIT, kind: 'batch', status: 'done', universe: 'demo', since: '2026-04-09' });
    expect(runsListArgs.safeParse(all).success).toBe(true);
  });

  it('lists the runs, shows the newest, and lists again as each filter changes', async () => {
    const { core, store } = storeOverRuns();
    await store.getState().loadRunHistory();
    expect(core.callsOf('runs/list')).toEqual([{ limit: RUN_HISTORY_LIMIT }]);
    expect(store.getState().runChosen).toBe(9);
    expect(core.callsOf('runs/layout')).toEqual([{ id: 9 }]);
    expect(store.getState().runLayout).toMatchObject({ status: 'ready', value: { runId: 9, kind: 'batch' } });
    expect(store.getState().runFacets).toEqual({ statuses: ['done', 'infeasible', 'optimal'], universes: ['demo', 'sp500'] });

    store.getState().setRunFilter('kind', 'optimize');
    store.getState().setRunFilter('since', '2026-04-09');
    await new Promise((r) => setTimeout(r, 0));
    expect(core.callsOf('runs/list').slice(1)).toEqual([
      { limit: RUN_HISTORY_LIMIT, kind: 'optimize' },
      { limit: RUN_HISTORY_LIMIT, kind: 'optimize', since: '2026-04-09' },
    ]);
    const history = store.getState().runHistory;
    expect(history.status === 'ready' && history.value.map((r) => r.id)).toEqual([8]);
    // the facets keep what was seen, so the filters still offer the other statuses
    expect(store.getState().runFacets.statuses).toEqual(['done', 'infeasible', 'optimal']);
  });

  it('lays out a second run beside the first and diffs them; saves the pair as one file', async () => {
    const { core, store } = storeOverRuns();
    await store.getState().loadRunHistory();
    await store.getState().chooseSecondRun(7);
    expect(core.callsOf('runs/layout')).toEqual([{ id: 9 }, { id: 7 }]);
    expect(core.callsOf('runs/diff')).toEqual([{ a: 9, b: 7 }]);
    expect(store.getState().runSecondLayout).toMatchObject({ status: 'ready', value: { runId: 7 } });
    expect(store.getState().runDiff).toMatchObject({ status: 'ready', value: { a: { id: 9 }, b: { id: 7 } } });

    const file = await store.getState().saveWaterfall('svg');
    expect(core.callsOf('runs/waterfall')).toEqual([{ id: 9, format: 'svg', with: 7 }]);
    expect(file?.fileName).toBe('waterfall-run-9-vs-7.svg');
    expect(store.getState().runFile).toEqual({ status: 'done', fileName: 'waterfall-run-9-vs-7.svg', error: null });

    // another first run: the diff follows it
    await store.getState().chooseRun(8);
    expect(core.callsOf('runs/diff').at(-1)).toEqual({ a: 8, b: 7 });
    // the second run chosen as the first is not drawn beside itself
    await store.getState().chooseRun(7);
    expect(store.getState().runSecond).toBeNull();
    expect(store.getState().runSecondLayout.status).toBe('idle');
    expect(store.getState().runDiff.status).toBe('idle');
    await store.getState().saveWaterfall('html');
    expect(core.callsOf('runs/waterfall').at(-1)).toEqual({ id: 7, format: 'html' });
  });

  it('deletes a run: gone from the history, and no longer shown or beside', async () => {
    const { core, store, runs } = storeOverRuns();
    await store.getState().loadRunHistory();
    await store.getState().chooseSecondRun(8);
    expect(await store.getState().deleteStoredRun(8)).toBe(true);
    expect(core.callsOf('runs/delete')).toEqual([{ id: 8 }]);
    expect(runs.map((r) => r.id)).toEqual([9, 7]);
    expect(store.getState().runSecond).toBeNull();
    expect(store.getState().runChosen).toBe(9);
    const history = store.getState().runHistory;
    expect(history.status === 'ready' && history.value.map((r) => r.id)).toEqual([9, 7]);

    // the shown run deleted: the newest left is shown
    expect(await store.getState().deleteStoredRun(9)).toBe(true);
    expect(store.getState().runChosen).toBe(7);
    expect(core.callsOf('runs/layout').at(-1)).toEqual({ id: 7 });

    // a run that is not there: the error is kept, nothing else changes
    expect(await store.getState().deleteStoredRun(99)).toBe(false);
    expect(store.getState().runDeletion).toMatchObject({ status: 'error', error: { code: 'not-found', message: 'no run 99 in the store' } });
    expect(store.getState().runChosen).toBe(7);
  });

  it('opens the Runs screen on a run from another screen, listing the history once', async () => {
    const { core, store } = storeOverRuns();
    store.getState().openInRuns(8);
    expect(store.getState().screen).toBe('runs');
    expect(store.getState().runChosen).toBe(8);
    await new Promise((r) => setTimeout(r, 0));
    expect(core.callsOf('runs/layout')).toEqual([{ id: 8 }]);
    expect(core.callsOf('runs/list')).toHaveLength(1);
    // the history's newest does not take the place of the run asked for
    expect(store.getState().runChosen).toBe(8);
    expect(store.getState().runLayout).toMatchObject({ status: 'ready', value: { runId: 8 } });
  });

  it('keeps the core’s error when a run cannot be laid out', async () => {
    const { store } = storeOverRuns();
    await store.getState().chooseRun(42);
    expect(store.getState().runLayout).toMatchObject({ status: 'error', error: { code: 'not-found', where: { field: 'id' } } });
  });
});
