import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../model/builder.ts';
import { longOnly } from './longOnly.ts';
import { applyInOrder, boundsByName, tinyProblem } from './testing/tinyProblem.ts';

describe('con.long-only', () => {
  it('raises every weight lower bound to 0 and keeps the upper bounds, adding no rows', () => {
    // a long-short weights provider: w_i ∈ [−0.5, 0.7]
    const builder = new ModelBuilder('long-short');
    builder.addVariableSet('weights', ['AAA', 'BBB', 'CCC'], { lower: -0.5, upper: 0.7 });
    const ir = applyInOrder([[longOnly, {}]], { problem: tinyProblem() }, builder);
    for (const t of ['AAA', 'BBB', 'CCC']) expect(boundsByName(ir, `weights[${t}]`)).toEqual([0, 0.7]);
    expect(ir.rows.names).toEqual([]);
  });

  it('names itself when the weights are missing', () => {
    expect(() => applyInOrder([[longOnly, {}]], { problem: tinyProblem() })).toThrow(/con\.long-only: needs the variable set 'weights'/);
  });
});
