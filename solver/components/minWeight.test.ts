import { describe, expect, it } from 'vitest';
import { minWeight } from './minWeight.ts';
import { selection } from './selection.ts';
import { applyInOrder, rowByName, tinyProblem } from './testing/tinyProblem.ts';
import { weights } from './weights.ts';

describe('con.min-weight', () => {
  it('adds w_i − m z_i ≥ 0 per name', () => {
    const ir = applyInOrder([[weights, {}], [selection, {}], [minWeight, { minWeight: 0.15 }]], { problem: tinyProblem() });
    for (const t of ['AAA', 'BBB', 'CCC']) {
      expect(rowByName(ir, `minWeight[${t}]`)).toEqual({
        coefficients: { [`weights[${t}]`]: 1, [`selected[${t}]`]: -0.15 },
        lower: 0,
        upper: Infinity,
      });
    }
    // no con.max-names: there is no cardinality to complete
    expect(ir.annotations.cardinality).toBeUndefined();
  });

  it('requires the selection binaries', () => {
    expect(minWeight.requires).toContain('selected');
    expect(() => applyInOrder([[weights, {}], [minWeight, { minWeight: 0.1 }]], { problem: tinyProblem() })).toThrow(
      /con\.min-weight: needs the variable set 'selected'/,
    );
  });

  it('takes a minimum in (0, 1]', () => {
    expect(minWeight.params.safeParse({ minWeight: 0 }).success).toBe(false);
    expect(minWeight.params.safeParse({ minWeight: 1.2 }).success).toBe(false);
  });
});
