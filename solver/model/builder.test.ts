import { describe, expect, it } from 'vitest';
import { ModelBuilder } from './builder.ts';
import { irFromJson, irToJson, maxViolation, modelClass, objectiveValue, rowActivities } from './ir.ts';

function tiny() {
  const b = new ModelBuilder('tiny');
  b.beginComponent('var.x', {});
  const x = b.addVariableSet('x', ['a', 'b', 'c'], (i) => ({ upper: i + 1, cost: i }));
  b.endComponent();
  b.beginComponent('con.mix', { k: 1 });
  b.addRow('in-order', [x, x + 2], [1, 2], -Infinity, 4);
  b.addRow('merged', [x + 2, x, x + 2, x + 1], [1, 3, -1, 0], 1, Infinity);
  b.endComponent();
  return b;
}

describe('ModelBuilder', () => {
  it('stores rows in CSR with duplicates summed and zeros dropped, and records component spans', () => {
    const ir = tiny().build();
    expect(ir.matrix).toEqual({ starts: [0, 2, 3], index: [0, 2, 0], value: [1, 2, 3] });
    expect(ir.cols.names).toEqual(['x[a]', 'x[b]', 'x[c]']);
    expect(ir.cols.upper).toEqual([1, 2, 3]);
    expect(ir.components).toEqual([
      { component: 'var.x', params: {}, rowStart: 0, rowCount: 0, colStart: 0, colCount: 3 },
      { component: 'con.mix', params: { k: 1 }, rowStart: 0, rowCount: 2, colStart: 3, colCount: 0 },
    ]);
    expect(ir.variableSets).toEqual([{ name: 'x', start: 0, count: 3, component: 'var.x' }]);
    expect(modelClass(ir)).toBe('LP');
  });

  it('refuses unknown columns, non-finite coefficients and unbalanced components', () => {
    const b = tiny();
    expect(() => b.addRow('bad', [7], [1], 0, 1)).toThrow(/column 7 does not exist/);
    expect(() => b.addRow('nan', [0], [Number.NaN], 0, 1)).toThrow(/x\[a\] is NaN/);
    b.beginComponent('open', {});
    expect(() => b.build()).toThrow(/open is still open/);
  });

  it('evaluates points: activities, objective with offset and quadratic term, violations including integrality', () => {
    const b = tiny();
    b.addOffset(10);
    b.addQuadratic(0, 0, 2); // ½·2·x0²
    b.addQuadratic(0, 1, 1); // x0·x1
    b.setType(1, 'integer');
    const ir = b.build();
    expect(modelClass(ir)).toBe('MIQP');
    const x = [1, 1.5, 1];
    expect(rowActivities(ir, x)).toEqual([3, 3]);
    expect(objectiveValue(ir, x)).toBeCloseTo(10 + (0 * 1 + 1 * 1.5 + 2 * 1) + 1 + 1.5, 12);
    expect(maxViolation(ir, x)).toBeCloseTo(0.5, 12);
    expect(maxViolation(ir, [1, 2, 3])).toBeCloseTo(3, 12); // row 0: 1 + 6 = 7 > 4
  });

  it('survives JSON with infinite bounds', () => {
    const ir = tiny().build();
    const back = irFromJson(irToJson(ir));
    expect(back.rows.lower[0]).toBe(-Infinity);
    expect(back.rows.upper[1]).toBe(Infinity);
    expect(back).toEqual(ir);
  });
});
