import { describe, expect, it } from 'vitest';
import { writeLp } from './lpWriter.ts';
import { writeMps } from './mpsWriter.ts';
import { highsRuntime, solveModelText } from './testing/solveWithHighs.ts';
import { maximizeModel, maximizeOptimum, mixedIntegerModel, mixedIntegerOptimum, QUADRATIC_OPTIMUM, quadraticModel } from './testing/writerModels.ts';

describe('writeMps', () => {
  it('round-trips the whole model through HiGHS, one row per IR row', async () => {
    const ir = mixedIntegerModel();
    const { text, columnNames, rowNames } = writeMps(ir);
    expect(columnNames).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
    expect(rowNames).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    const highs = await highsRuntime();
    const back = highs.withModel({ format: 'mps', data: text }, (model) => model.getLp('csr'));
    expect(Array.from(back.colCost)).toEqual(ir.cols.cost);
    expect(Array.from(back.colLower)).toEqual(ir.cols.lower);
    // integer columns keep their upper bounds (readers otherwise default them to 1)
    expect(Array.from(back.colUpper)).toEqual(ir.cols.upper);
    expect(Array.from(back.integrality ?? [])).toEqual([1, 1, 0, 0, 1, 0]);
    expect(back.offset).toBe(7.25);
    expect(Array.from(back.rowLower)).toEqual(ir.rows.lower);
    expect(Array.from(back.rowUpper)).toEqual(ir.rows.upper);
    expect(Array.from(back.matrix.starts)).toEqual(ir.matrix.starts);
    expect(Array.from(back.matrix.indices)).toEqual(ir.matrix.index);
    expect(Array.from(back.matrix.values)).toEqual(ir.matrix.value);
  });

  it('yields the same optimum as the LP text, which is the enumerated one', async () => {
    for (const [ir, expected] of [
      [mixedIntegerModel(), mixedIntegerOptimum()],
      [maximizeModel(), maximizeOptimum()],
    ] as const) {
      const fromMps = await solveModelText('mps', writeMps(ir).text);
      const fromLp = await solveModelText('lp', writeLp(ir).text);
      expect(fromMps.status).toBe('optimal');
      expect(fromMps.objective).toBeCloseTo(expected, 9);
      expect(fromMps.objective).toBeCloseTo(fromLp.objective, 12);
      expect(fromMps.x).toEqual(fromLp.x);
    }
  });

  it('writes the quadratic objective as QUADOBJ with the closed-form optimum', async () => {
    const { text } = writeMps(quadraticModel());
    expect(text).toMatch(/^QUADOBJ\n {4}x1 x1 2\n {4}x1 x2 1\n {4}x2 x2 4\nENDATA$/m);
    const solved = await solveModelText('mps', text);
    expect(solved.objective).toBeCloseTo(QUADRATIC_OPTIMUM.objective, 7);
    expect(solved.x[0]).toBeCloseTo(QUADRATIC_OPTIMUM.x[0]!, 5);
  });
});
