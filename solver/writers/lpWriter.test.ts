import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../model/builder.ts';
import type { ModelIR } from '../model/ir.ts';
import { writeLp } from './lpWriter.ts';
import { highsRuntime, solveLpText, solveModelText } from './testing/solveWithHighs.ts';
import { maximizeModel, maximizeOptimum, mixedIntegerModel, mixedIntegerOptimum, QUADRATIC_OPTIMUM, quadraticModel } from './testing/writerModels.ts';

/** What HiGHS read back from LP text, with rows expected in LP order: a ranged IR row is two rows. */
async function readBack(text: string) {
  const highs = await highsRuntime();
  return highs.withModel({ format: 'lp', data: text }, (model) => {
    const lp = model.getLp('csr');
    return {
      offset: lp.offset,
      cost: Array.from(lp.colCost),
      lower: Array.from(lp.colLower),
      upper: Array.from(lp.colUpper),
      integrality: Array.from(lp.integrality ?? []),
      rowLower: Array.from(lp.rowLower),
      rowUpper: Array.from(lp.rowUpper),
      colNames: Array.from({ length: lp.numCols }, (_, j) => model.getColName(j)),
      rowNames: Array.from({ length: lp.numRows }, (_, i) => model.getRowName(i)),
    };
  });
}

describe('writeLp', () => {
  it('writes a small model exactly as the CPLEX LP format spells it', () => {
    const b = new ModelBuilder('two');
    const x = b.addColumn('x', { lower: 0, upper: 10, cost: 1.5, type: 'integer' });
    const y = b.addColumn('y', { lower: -Infinity, upper: Infinity, cost: -2 });
    const z = b.addColumn('z', { lower: 0, upper: 1, type: 'integer' });
    b.addRow('range', [x, y], [1, -0.25], -1, 3);
    b.addRow('eq', [y, z], [2, 1], 4, 4);
    b.addOffset(-0.5);
    const { text, columnNames, rowNames } = writeLp(b.build());
    expect(columnNames).toEqual(['x1', 'x2', 'x3']);
    expect(rowNames).toEqual(['c1', 'c2']);
    expect(text).toBe(
      [
        '\\ two: 3 columns, 2 rows, 4 nonzeros',
        'Minimize',
        ' obj: + 1.5 x1 - 2 x2 + 0 x3 - 0.5',
        'Subject To',
        ' c1: + 1 x1 - 0.25 x2 >= -1',
        ' c1u: + 1 x1 - 0.25 x2 <= 3',
        ' c2: + 2 x2 + 1 x3 = 4',
        'Bounds',
        ' 0 <= x1 <= 10',
        ' x2 free',
        'Generals',
        ' x1',
        'Binaries',
        ' x3',
        'End',
        '',
      ].join('\n'),
    );
  });

  it('round-trips bounds, costs, integrality and the offset through HiGHS, columns in IR order', async () => {
    const ir = mixedIntegerModel();
    const { text } = writeLp(ir);
    const back = await readBack(text);
    expect(back.colNames).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
    expect(back.cost).toEqual(ir.cols.cost);
    expect(back.lower).toEqual(ir.cols.lower);
    expect(back.upper).toEqual(ir.cols.upper);
    expect(back.integrality).toEqual([1, 1, 0, 0, 1, 0]);
    expect(back.offset).toBe(7.25);
    // the ranged row is split in two; the free row's −1e30 reads as −∞
    expect(back.rowNames).toEqual(['c1', 'c2', 'c2u', 'c3', 'c4', 'c5']);
    expect(back.rowLower).toEqual([0.5, 1, -Infinity, -Infinity, -Infinity, -1]);
    expect(back.rowUpper).toEqual([0.5, Infinity, 4, 5, Infinity, Infinity]);
  });

  it('gives HiGHS the optimum worked out by enumeration, through both of its LP entry points', async () => {
    const ir = mixedIntegerModel();
    const lp = writeLp(ir);
    const expected = mixedIntegerOptimum();
    const oneShot = await solveLpText(lp.text, lp.columnNames);
    expect(oneShot.status).toBe('Optimal');
    expect(oneShot.objective).toBeCloseTo(expected, 9);
    const persistent = await solveModelText('lp', lp.text);
    expect(persistent.objective).toBeCloseTo(expected, 9);

    const max = writeLp(maximizeModel());
    expect(max.text).toMatch(/^Maximize$/m);
    expect((await solveLpText(max.text, max.columnNames)).objective).toBeCloseTo(maximizeOptimum(), 9);
  });

  it('writes the quadratic objective as [ ... ]/2 with the closed-form optimum', async () => {
    const lp = writeLp(quadraticModel());
    expect(lp.text).toContain('+ [ + 2 x1 ^ 2 + 2 x1 * x2 + 4 x2 ^ 2 ]/2');
    const solved = await solveLpText(lp.text, lp.columnNames);
    expect(solved.objective).toBeCloseTo(QUADRATIC_OPTIMUM.objective, 7);
    expect(solved.x[0]).toBeCloseTo(QUADRATIC_OPTIMUM.x[0]!, 5);
    expect(solved.x[1]).toBeCloseTo(QUADRATIC_OPTIMUM.x[1]!, 5);
  });

  it('wraps long rows at 255 characters without changing the model', async () => {
    const n = 2000;
    const b = new ModelBuilder('wide');
    const cols = Array.from({ length: n }, (_, j) => b.addColumn(`w${j}`, { lower: 0, upper: 1, cost: -((j % 7) + 1) / 3 }));
    b.addRow('sum', cols, cols.map((j) => 1 + j / 1e4), -Infinity, 10);
    const ir: ModelIR = b.build();
    const { text } = writeLp(ir);
    const lines = text.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(255);
    expect(lines.length).toBeGreaterThan(100);
    const back = await readBack(text);
    expect(back.cost).toEqual(ir.cols.cost);
    expect(back.rowUpper).toEqual([10]);
  });

  it('refuses a model with no columns and a non-finite coefficient', () => {
    expect(() => writeLp(new ModelBuilder('empty').build())).toThrow('model empty has no columns to write');
    const b = new ModelBuilder('nan');
    b.addColumn('x', { cost: NaN });
    expect(() => writeLp(b.build())).toThrow('cannot write NaN as a model coefficient');
  });
});
