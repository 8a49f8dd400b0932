import { describe, expect, it } from 'vitest';
import { exclusions } from './exclusions.ts';
import { applyInOrder, boundsByName, tinyProblem } from './testing/tinyProblem.ts';
import { weights } from './weights.ts';

describe('con.exclusions', () => {
  it('fixes listed tickers (any case) and whole sectors at 0, adding no rows', () => {
    const ir = applyInOrder([[weights, {}], [exclusions, { tickers: ['bbb'], sectors: ['Energy'] }]], { problem: tinyProblem() });
    expect(boundsByName(ir, 'weights[AAA]')).toEqual([0, 1]);
    expect(boundsByName(ir, 'weights[BBB]')).toEqual([0, 0]);
    expect(boundsByName(ir, 'weights[CCC]')).toEqual([0, 0]);
    expect(ir.rows.names).toEqual([]);
  });

  it('reports every ticker and sector the universe does not have', () => {
    const params = exclusions.params.parse({ tickers: ['AAA', 'ZZZ'], sectors: ['Tobacco'] });
    expect(exclusions.check!(params, { problem: tinyProblem() })).toEqual([
      'ticker ZZZ is not in universe tiny',
      'sector Tobacco is not in universe tiny',
    ]);
    expect(() => applyInOrder([[weights, {}], [exclusions, { tickers: ['ZZZ'] }]], { problem: tinyProblem() })).toThrow(
      'con.exclusions: ticker ZZZ not in universe tiny',
    );
  });
});
