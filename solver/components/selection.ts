import { z } from 'zod';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

/**
 * var.selection: which names are held.
 *   z_i ∈ {0, 1} (set `selected`),   w_i − u_i z_i ≤ 0,
 * with u_i the upper bound of w_i when this component is applied: z_i = 0 forces w_i = 0, and
 * the tightest u_i gives the strongest LP relaxation, so bound-tightening components go first.
 * A name whose weight is already fixed at 0 cannot be selected (z_i ≤ 0).
 */
export const selection = defineComponent({
  id: 'var.selection',
  kind: 'variables',
  title: 'Name selection',
  doc: 'z_i ∈ {0,1} (set selected) with w_i ≤ u_i z_i, u_i the upper bound of w_i: a name carries weight only when selected.',
  params: z.strictObject({}),
  provides: ['selected'],
  requires: ['weights'],
  features: ['integer'],
  after: ['con.max-weight', 'con.exclusions'],
  apply(builder, _params, { problem }) {
    const w = requiredSet(builder, 'var.selection', 'weights');
    const z0 = builder.addVariableSet('selected', problem.tickers, { lower: 0, upper: 1, type: 'integer' });
    const indices = [0, 0];
    const values = [1, 0];
    for (let i = 0; i < w.count; i++) {
      const u = builder.columnBounds(w.start + i).upper;
      if (!Number.isFinite(u)) {
        throw new ComponentError('var.selection', `the weight of ${problem.tickers[i]} has no finite upper bound to link its selection to`);
      }
      if (u <= 0) builder.tightenBounds(z0 + i, 0, 0);
      indices[0] = w.start + i;
      indices[1] = z0 + i;
      values[1] = -u;
      builder.addRow(`selection[${problem.tickers[i]}]`, indices, values, -Infinity, 0);
    }
  },
});
