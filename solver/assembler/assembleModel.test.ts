import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { componentCatalogue } from '../components/catalogue.ts';
import { ComponentError, defineComponent, type Component } from '../components/component.ts';
import { tinyProblem } from '../components/testing/tinyProblem.ts';
import { variableSet } from '../model/ir.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { indexTracking } from '../usecases/indexTracking.ts';
import { applyOverrides } from '../usecases/overrides.ts';
import type { UseCase } from '../usecases/useCase.ts';
import { assembleModel } from './assembleModel.ts';
import { ModelAssemblyError } from './modelAssemblyError.ts';

function assemblyIssues(run: () => unknown): { component: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ModelAssemblyError) return error.issues;
    throw error;
  }
  throw new Error('assembly did not fail');
}

const useCase = (components: { id: string; params?: Record<string, unknown> }[]): UseCase => ({
  id: 'test',
  title: 'test',
  description: '',
  components: components.map((c) => ({ id: c.id, params: c.params ?? {} })),
});

describe('assembleModel', () => {
  it('assembles index tracking into the LP of its components, in dependency order', () => {
    const m = assembleModel(indexTracking, { problem: tinyProblem() });
    expect(m.order).toEqual(['var.weights', 'obj.tracking-mad', 'con.budget', 'con.long-only']);
    expect(m.modelClass).toBe('LP');
    // 3 weights + cash + 4 + 4 deviations; 4 tracking rows + budget
    expect(m.size).toEqual({ columns: 12, integerColumns: 0, rows: 5, nonzeros: 4 * 5 - 2 + 4, quadraticNonzeros: 0 });
    expect(m.ir.components.map((c) => [c.component, c.rowStart, c.rowCount, c.colStart, c.colCount])).toEqual([
      ['var.weights', 0, 0, 0, 4],
      ['obj.tracking-mad', 0, 4, 4, 8],
      ['con.budget', 4, 1, 12, 0],
      ['con.long-only', 5, 0, 12, 0],
    ]);
    expect(m.ir.name).toBe('index-tracking tiny 2024-01-08');
    expect(m.assembleMs).toBeGreaterThan(0);
  });

  it('applies bound-tightening constraints before the variables that read the bounds, whatever the listed order', () => {
    const u = useCase([
      { id: 'con.min-weight', params: { minWeight: 0.1 } },
      { id: 'var.whole-shares' },
      { id: 'var.selection' },
      { id: 'con.max-names', params: { maxNames: 2 } },
      { id: 'con.max-weight', params: { maxWeight: 0.5 } },
      { id: 'var.weights' },
      { id: 'con.budget', params: { cashMax: 1 } },
      { id: 'obj.tracking-mad' },
    ]);
    const m = assembleModel(u, { problem: tinyProblem(), accountValue: 1000 });
    expect(m.order).toEqual([
      'var.weights',
      'con.max-weight',
      'var.whole-shares',
      'var.selection',
      'con.max-names',
      'con.min-weight',
      'con.budget',
      'obj.tracking-mad',
    ]);
    expect(m.modelClass).toBe('MILP');
    expect(m.ir.annotations.cardinality).toEqual({ k: 2, minWeight: 0.1 });
    // shares capped by the max weight applied first: floor(0.5 · 1000 / 120)
    const shares = variableSet(m.ir, 'shares')!;
    expect(m.ir.cols.upper[shares.start]).toBe(4);
  });

  it('reports every problem at once, each under its component', () => {
    const u = useCase([
      { id: 'var.weights' },
      { id: 'obj.tracking-mad' },
      { id: 'con.max-names', params: { maxNames: 0 } },
      { id: 'con.min-weight', params: { minWeight: 0.01 } },
      { id: 'var.whole-shares' },
      { id: 'con.exclusions', params: { tickers: ['ZZZ'] } },
      { id: 'con.tobacco-free' },
      { id: 'con.budget', params: { cashMax: 2, typo: 1 } },
    ]);
    const issues = assemblyIssues(() => assembleModel(u, { problem: tinyProblem() }));
    expect(issues).toEqual([
      { component: 'con.max-names', message: expect.stringMatching(/^parameter maxNames: .*>=1/) },
      { component: 'var.whole-shares', message: 'needs an account value (e.g. --account-value 250000) to count whole shares' },
      { component: 'con.exclusions', message: 'ticker ZZZ is not in universe tiny' },
      { component: 'con.tobacco-free', message: expect.stringMatching(/^unknown component \(known: var\.weights, /) },
      { component: 'con.budget', message: expect.stringMatching(/^parameter cashMax: .*<=1/) },
      { component: 'con.budget', message: 'parameters: Unrecognized key: "typo"' },
      { component: 'con.max-names', message: "requires variable set 'selected', which no component of the use case provides (add var.selection)" },
      { component: 'con.min-weight', message: "requires variable set 'selected', which no component of the use case provides (add var.selection)" },
    ]);
    let message = '';
    try {
      assembleModel(u, { problem: tinyProblem() });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.startsWith('cannot assemble use case test: con.max-names: parameter maxNames')).toBe(true);
    expect(message).not.toContain('\n');
    for (const id of ['con.max-names', 'var.whole-shares', 'con.exclusions', 'con.tobacco-free', 'con.budget', 'con.min-weight']) {
      expect(message).toContain(`${id}: `);
    }
  });

  it('reports a repeated component and a set provided twice', () => {
    const twin = defineComponent({ ...(componentCatalogue.get('var.weights') as Component), id: 'var.other-weights' });
    const catalogue = new Map([...componentCatalogue, [twin.id, twin]]);
    const u = useCase([{ id: 'var.weights' }, { id: 'var.other-weights' }, { id: 'con.long-only' }, { id: 'con.long-only' }]);
    expect(assemblyIssues(() => assembleModel(u, { problem: tinyProblem() }, { catalogue }))).toEqual([
      { component: 'con.long-only', message: 'appears more than once in the use case' },
      { component: 'var.other-weights', message: "provides variable set 'weights', which var.weights already provides" },
      { component: 'var.other-weights', message: "provides variable set 'cash', which var.weights already provides" },
    ]);
  });

  it('reports the components on a dependency cycle', () => {
    const part = (id: string, provides: string, requires: string): Component =>
      defineComponent({ id, kind: 'variables', title: id, doc: '', params: z.strictObject({}), provides: [provides], requires: [requires], features: [], apply() {} });
    const catalogue = new Map<string, Component>([
      ['var.a', part('var.a', 'a', 'b')],
      ['var.b', part('var.b', 'b', 'a')],
      ...componentCatalogue,
    ]);
    const u = useCase([{ id: 'var.weights' }, { id: 'var.a' }, { id: 'var.b' }]);
    expect(assemblyIssues(() => assembleModel(u, { problem: tinyProblem() }, { catalogue }))).toEqual([
      { component: 'var.a', message: 'is on a dependency cycle: it must come after var.b' },
      { component: 'var.b', message: 'is on a dependency cycle: it must come after var.a' },
    ]);
  });

  it('reports an error raised while applying under the component that raised it', () => {
    const failing = defineComponent({
      id: 'con.failing',
      kind: 'constraint',
      title: 'fails',
      doc: '',
      params: z.strictObject({}),
      provides: [],
      requires: ['weights'],
      features: [],
      apply() {
        throw new ComponentError('con.failing', 'the data has no answer');
      },
    });
    const liar = defineComponent({ ...failing, id: 'var.liar', provides: ['promised'], requires: [], apply() {} });
    const catalogue = new Map<string, Component>([...componentCatalogue, [failing.id, failing], [liar.id, liar]]);
    expect(assemblyIssues(() => assembleModel(useCase([{ id: 'var.weights' }, { id: 'con.failing' }]), { problem: tinyProblem() }, { catalogue }))).toEqual([
      { component: 'con.failing', message: 'the data has no answer' },
    ]);
    expect(assemblyIssues(() => assembleModel(useCase([{ id: 'var.liar' }]), { problem: tinyProblem() }, { catalogue }))).toEqual([
      { component: 'var.liar', message: 'declares variable sets it did not create: promised' },
    ]);
  });

  it('refuses a malformed use case under the use case id', () => {
    const bad = { id: 'broken', title: 't', description: '', components: [{ params: {} }] } as unknown as UseCase;
    expect(assemblyIssues(() => assembleModel(bad, { problem: tinyProblem() }))).toEqual([
      { component: 'use-case broken', message: expect.stringMatching(/^field components\.0\.id: /) },
    ]);
  });

  it('assembles an S&P 500-sized tracking model (500 names × 252 days) to the expected size (its speed: bench/optimize)', () => {
    const n = 500;
    const L = 252;
    const tickers = Array.from({ length: n }, (_, i) => `N${i}`);
    const problem: TrackingProblem = {
      universe: 'synthetic',
      asOf: '2021-04-21',
      dates: Array.from({ length: L + 1 }, (_, t) => `d${t}`),
      tickers,
      sectors: tickers.map((_, i) => `S${i % 11}`),
      // deterministic, nonzero, return-sized numbers
      returns: Float64Array.from({ length: n * L }, (_, k) => 0.02 * Math.sin(k * 0.7 + 1)),
      benchmarkReturns: Float64Array.from({ length: L }, (_, t) => 0.01 * Math.cos(t)),
      benchmarkWeights: new Float64Array(n).fill(1 / n),
      prices: Float64Array.from({ length: n }, (_, i) => 20 + i),
      periodsPerYear: 252,
      benchmark: 'cap',
      warnings: [],
    };
    const u = applyOverrides(indexTracking, { maxWeight: 0.05, sectorBand: 0.02 });
    const { size } = assembleModel(u, { problem });
    expect(size).toEqual({ columns: n + 1 + 2 * L, integerColumns: 0, rows: L + 1 + 11, nonzeros: n * L + 2 * L + (n + 1) + n, quadraticNonzeros: 0 });
  });
});
