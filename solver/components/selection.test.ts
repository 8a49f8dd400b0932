import { describe, expect, it } from 'vitest';
import { variableSet } from '../model/ir.ts';
import { exclusions } from './exclusions.ts';
import { maxWeight } from './maxWeight.ts';
import { selection } from './selection.ts';
import { applyInOrder, boundsByName, rowByName, tinyProblem } from './testing/tinyProblem.ts';
import { weights } from './weights.ts';

describe('var.selection', () => {
  it('adds binaries z_i and links w_i − u_i z_i ≤ 0 with u_i = 1 from var.weights', () => {
    const ir = applyInOrder([[weights, {}], [selection, {}]], { problem: tinyProblem() });
    expect(variableSet(ir, 'selected')).toMatchObject({ start: 4, count: 3, component: 'var.selection' });
    for (const t of ['AAA', 'BBB', 'CCC']) {
      expect(boundsByName(ir, `selected[${t}]`)).toEqual([0, 1]);
      expect(rowByName(ir, `selection[${t}]`)).toEqual({
        coefficients: { [`weights[${t}]`]: 1, [`selected[${t}]`]: -1 },
        lower: -Infinity,
        upper: 0,
      });
    }
    expect(ir.cols.types.slice(4)).toEqual(['integer', 'integer', 'integer']);
  });

  it('takes u_i from bounds tightened before it, and cannot select an excluded name', () => {
    const ir = applyInOrder(
      [
        [weights, {}],
        [maxWeight, { maxWeight: 0.4 }],
        [exclusions, { tickers: ['CCC'] }],
        [selection, {}],
      ],
      { problem: tinyProblem() },
    );
    expect(rowByName(ir, 'selection[AAA]').coefficients).toEqual({ 'weights[AAA]': 1, 'selected[AAA]': -0.4 });
    // u = 0: the z coefficient vanishes and z is fixed at 0
    expect(rowByName(ir, 'selection[CCC]').coefficients).toEqual({ 'weights[CCC]': 1 });
    expect(boundsByName(ir, 'selected[CCC]')).toEqual([0, 0]);
  });

  it('is applied after the bound-tightening components and declares integer columns', () => {
    expect(selection.after).toEqual(expect.arrayContaining(['con.max-weight', 'con.exclusions']));
    expect(selection.features).toEqual(['integer']);
  });
});
