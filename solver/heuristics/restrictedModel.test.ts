import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { ModelBuilder } from '../model/builder.ts';
import { maxViolation, objectiveValue, variableSet, type ModelIR } from '../model/ir.ts';
import { firstNames, orLibraryProblem, trackingModel } from './fixtures/orLibraryModels.ts';
import { nameColumns, type NameColumns } from './nameColumns.ts';
import { restrictToNames } from './restrictedModel.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

const columnsOf = (ir: ModelIR) => nameColumns(ir) as NameColumns;

describe('restrictToNames', () => {
  it('keeps only the chosen names, and its optimum padded with zeros is a point of the full model with the same objective', () => {
    const p = firstNames(orLibraryProblem('indtrack1'), 8);
    const ir = trackingModel(p, { maxNames: 3, minWeight: 0.05, accountValue: 20_000 });
    const names = [1, 4, 6];
    const r = restrictToNames(ir, columnsOf(ir), names);
    expect(r.names).toEqual(names);
    for (const set of ['weights', 'selected', 'shares']) expect(variableSet(r.ir, set)?.count).toBe(3);
    expect(variableSet(r.ir, 'deviation-up')?.count).toBe(p.benchmarkReturns.length);
    expect(r.ir.annotations.cardinality).toEqual({ k: 3, minWeight: 0.05 });
    const unit = ir.annotations.wholeShares!.unitWeight;
    expect(r.ir.annotations.wholeShares!.unitWeight).toEqual(names.map((i) => unit[i]));
    // the removed names' linking rows are gone, every other row is kept
    expect(r.ir.rows.names.some((n) => n.includes(p.tickers[0]!))).toBe(false);
    expect(r.ir.rows.names.filter((n) => n.startsWith('tracking['))).toHaveLength(p.benchmarkReturns.length);

    const solved = solveWithHighs(highs, r.ir, { mipRelGap: 0 });
    expect(solved.status).toBe('optimal');
    const full = r.expand(solved.x!);
    expect(maxViolation(ir, full)).toBeLessThan(1e-7);
    expect(objectiveValue(ir, full)).toBeCloseTo(solved.objective!, 12);
    const w = variableSet(ir, 'weights')!;
    for (let i = 0; i < 8; i++) if (!names.includes(i)) expect(full[w.start + i]).toBe(0);
    expect(r.restrict(full)).toEqual(solved.x!.map((v) => expect.closeTo(v, 12)));
  });

  it('keeps a row that only removed names could satisfy, so the restriction is infeasible', () => {
    const b = new ModelBuilder('floor');
    const w = b.addVariableSet('weights', ['A', 'B', 'C'], { lower: 0, upper: 1, cost: 1 });
    b.addRow('budget', [w, w + 1, w + 2], [1, 1, 1], 1, 1);
    b.addRow('floorA', [w], [1], 0.2, Infinity);
    const ir = b.build();
    const r = restrictToNames(ir, columnsOf(ir), [1, 2]);
    expect(r.ir.rows.names).toEqual(['budget', 'floorA']);
    expect(solveWithHighs(highs, r.ir).status).toBe('infeasible');
  });

  it('refuses to leave out a column whose bounds exclude 0', () => {
    const b = new ModelBuilder('forced');
    b.addVariableSet('weights', ['A', 'B'], (i) => ({ lower: i === 0 ? 0.1 : 0, upper: 1 }));
    const ir = b.build();
    expect(() => restrictToNames(ir, columnsOf(ir), [1])).toThrow(/cannot leave out weights\[A\]: its lower bound 0\.1 excludes 0/);
  });
});
