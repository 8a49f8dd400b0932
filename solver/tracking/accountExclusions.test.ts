import { describe, expect, it } from 'vitest';
import { resolveExclusions } from './accountExclusions.ts';

describe('resolveExclusions', () => {
  it('resolves tickers and sector:NAME in any case, and lists what the universe does not have', () => {
    const problem = { tickers: ['AAPL', 'XOM', 'CVX', 'MO'], sectors: ['Information Technology', 'Energy', 'Energy', 'Consumer Staples'] };
    const r = resolveExclusions(['mo', 'sector:energy', 'TSLA', 'sector:Utilities'], problem);
    expect(r.names).toEqual([1, 2, 3]);
    expect(r.tickers).toEqual(['XOM', 'CVX', 'MO']);
    expect(r.unknown).toEqual(['TSLA', 'sector:Utilities']);
  });
});
