import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { Envelope } from '../../api/envelope.ts';
import type { ModelFacts, UseCaseDefinition, UseCaseDetail } from '../../api/useCases.ts';
import { assembleModel } from '../../solver/assembler/assembleModel.ts';
import { buildTrackingProblem } from '../../solver/tracking/trackingUniverse.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { createCore, type Core } from '../createCore.ts';
import { readPricePanel } from '../market/pricePanelReader.ts';
import { openServices } from '../services.ts';
import { onPath } from './solverRoutes.ts';
import { writeVersion } from './writeVersion.ts';

let home: string;
let core: Core;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-facts-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

function value<T>(r: Envelope<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const facts = async (args: Record<string, unknown>): Promise<ModelFacts> => value<ModelFacts>(await core.dispatch('usecases/facts', args));
const definition = async (id: string): Promise<UseCase> => value<UseCaseDetail>(await core.dispatch('usecases/show', { id })).useCase;

/** The use case assembled here, without the core: the demo market at its last date, 252 days, no account. */
function assembleDirectly(useCase: UseCase) {
  const problem = buildTrackingProblem(readPricePanel(core.services.db, 'demo', { lookback: 252 }));
  return assembleModel(useCase, { problem });
}

describe('usecases/facts', () => {
  it('reports an LP for index tracking with the sizes a direct assembly has, per component, and the solvers that take it', async () => {
    const f = await facts({ id: 'index-tracking' });
    const direct = assembleDirectly(await definition('index-tracking'));
    expect(f).toMatchObject({ useCase: 'index-tracking', version: 1, universe: 'demo', asOf: '2025-12-31', assembled: true, modelClass: 'LP', issues: [] });
    expect({ columns: f.columns, integerColumns: f.integerColumns, rows: f.rows, nonzeros: f.nonzeros, quadraticNonzeros: f.quadraticNonzeros }).toEqual(direct.size);
    expect(f.components).toEqual(direct.ir.components.map((c) => ({ component: c.component, columns: c.colCount, rows: c.rowCount })));
    expect(f.components.reduce((s, c) => s + c.columns, 0)).toBe(f.columns);
    expect(f.components.reduce((s, c) => s + c.rows, 0)).toBe(f.rows);
    expect(f.solvers).toEqual([
      { solver: 'highs', accepts: true, available: true },
      { solver: 'cbc', accepts: true, available: onPath('cbc'), ...(onPath('cbc') ? {} : { reason: expect.stringMatching(/^cbc is not on the PATH/) }) },
      { solver: 'gurobi', accepts: true, available: onPath('gurobi_cl'), ...(onPath('gurobi_cl') ? {} : { reason: expect.stringMatching(/^gurobi_cl is not on the PATH/) }) },
    ]);
  });

  it('changes from LP to MILP when con.max-names is enabled, with the counts of the model assembled directly', async () => {
    value(await core.dispatch('usecases/copy', { id: 'index-tracking', newId: 'tracking-30' }));
    expect((await facts({ id: 'tracking-30' })).modelClass).toBe('LP');
    value(await core.dispatch('usecases/enable', { id: 'tracking-30', component: 'con.max-names', params: { maxNames: 30 } }));
    const f = await facts({ id: 'tracking-30' });
    const direct = assembleDirectly(await definition('tracking-30'));
    expect(f.version).toBe(2);
    expect(f.modelClass).toBe('MILP');
    expect(direct.modelClass).toBe('MILP');
    expect({ columns: f.columns, integerColumns: f.integerColumns, rows: f.rows, nonzeros: f.nonzeros, quadraticNonzeros: f.quadraticNonzeros }).toEqual(direct.size);
    expect(f.integerColumns).toBeGreaterThan(0);
    expect(f.components.map((c) => c.component)).toEqual(expect.arrayContaining(['var.selection', 'con.max-names']));
    expect(f.components).toEqual(direct.ir.components.map((c) => ({ component: c.component, columns: c.colCount, rows: c.rowCount })));
  });

  it('answers a use case that does not assemble with its issues, each on its component, instead of an error', async () => {
    value(await core.dispatch('usecases/copy', { id: 'index-tracking', newId: 'tracking-bad' }));
    value(await core.dispatch('usecases/set', { id: 'tracking-bad', values: { 'con.exclusions.tickers': 'ZZZZ' } }));
    const f = await facts({ id: 'tracking-bad' });
    expect(f).toMatchObject({ assembled: false, modelClass: null, columns: 0, rows: 0, components: [] });
    expect(f.issues).toEqual([{ component: 'con.exclusions', message: expect.stringMatching(/ZZZZ/) }]);
    // routing still follows from the components' features: all linear and continuous
    expect(f.solvers.map((s) => [s.solver, s.accepts])).toEqual([['highs', true], ['cbc', true], ['gurobi', true]]);

    // a parameter out of its bounds, stored past the matrix's checks (an older release, a hand edit in SQL)
    const broken: UseCaseDefinition = await definition('tracking-bad');
    broken.components.push({ id: 'con.max-weight', params: { maxWeight: 2 } });
    core.services.db.transaction(() => writeVersion(core.services.db, broken, { note: 'hand edit', author: 'user' }))();
    const g = await facts({ id: 'tracking-bad' });
    expect(g.assembled).toBe(false);
    expect(g.issues).toEqual([{ component: 'con.max-weight', parameter: 'maxWeight', message: expect.stringMatching(/<=\s*1/) }]);
  });

  it('assembles a trading use case for the sample account: one lot-sales column per lot', async () => {
    const f = await facts({ id: 'tax-loss-harvesting' });
    expect(f.assembled).toBe(true);
    expect(f.account).toMatchObject({ value: 250_000, lots: 25 });
    expect(f.account!.cash).toBeGreaterThan(0);
    expect(f.account!.cash).toBeLessThan(250_000 * 0.06);
    expect(f.components.find((c) => c.component === 'var.lot-sales')!.columns).toBe(f.account!.lots);
    expect(f.modelClass).toBe('MILP');
  });

  it('routes an MIQP away from HiGHS and CBC, naming the quadratic component and Gurobi', async () => {
    value(await core.dispatch('usecases/copy', { id: 'small-account', newId: 'small-variance' }));
    value(await core.dispatch('usecases/disable', { id: 'small-variance', component: 'obj.tracking-mad' }));
    value(await core.dispatch('usecases/enable', { id: 'small-variance', component: 'obj.tracking-variance' }));
    const f = await facts({ id: 'small-variance', lookback: 60 });
    expect(f.modelClass).toBe('MIQP');
    expect(f.quadraticNonzeros).toBeGreaterThan(0);
    const [highs, cbc, gurobi] = f.solvers;
    expect(highs).toMatchObject({ solver: 'highs', accepts: false, available: true, reason: expect.stringMatching(/obj\.tracking-mad instead of obj\.tracking-variance.*--solver gurobi/) });
    expect(cbc).toMatchObject({ solver: 'cbc', accepts: false, reason: expect.stringMatching(/--solver gurobi/) });
    expect(gurobi).toMatchObject({ solver: 'gurobi', accepts: true });
  });

  it('takes the as-of date and lookback it is given', async () => {
    const f = await facts({ id: 'index-tracking', asOf: '2025-06-29', lookback: 60 });
    // 2025-06-29 is a Sunday: the last trading day on or before it
    expect(f.asOf).toBe('2025-06-27');
    const problem = buildTrackingProblem(readPricePanel(core.services.db, 'demo', { asOf: '2025-06-29', lookback: 60 }));
    expect(f.columns).toBe(assembleModel(await definition('index-tracking'), { problem }).size.columns);
  });

  it('answers an unknown use case or universe with not-found and a bad lookback with bad-input', async () => {
    expect(await core.dispatch('usecases/facts', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/unknown use case "nope"/) } });
    expect(await core.dispatch('usecases/facts', { id: 'index-tracking', universe: 'sp600' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringMatching(/unknown universe "sp600"/) },
    });
    expect(await core.dispatch('usecases/facts', { id: 'index-tracking', lookback: 1 })).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'lookback' } } });
  });

  it("keeps the solver's use case and the api's definition one type", () => {
    expectTypeOf<UseCase>().toEqualTypeOf<UseCaseDefinition>();
  });
});
