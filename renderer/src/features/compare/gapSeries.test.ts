import { describe, expect, it } from 'vitest';
import { compareEntry } from './compareFixture.ts';
import { gapSeries } from './gapSeries.ts';

describe('gapSeries', () => {
  it('gives each run with a gap in its log a line in percent, in time order, without the points before a gap was known', () => {
    const cbc = compareEntry({
      solver: 'cbc',
      start: 'none',
      progress: [
        { atSec: 2.5, incumbent: 1.1e-3, bound: 7e-4, gap: 0.3636 },
        { atSec: 0.2, incumbent: null, bound: 5e-4, gap: null },
        { atSec: 1, incumbent: 2e-3, bound: 6e-4, gap: 0.7 },
        { atSec: 4, incumbent: 7.4e-4, bound: 7.4e-4, gap: 0 },
      ],
    });
    const highs = compareEntry({ solver: 'highs', progress: [] });
    const series = gapSeries([highs, cbc]);
    expect(series).toHaveLength(1);
    expect(series[0]!.key).toBe('cbc/none');
    expect(series[0]!.label).toBe('CBC · no start');
    expect(series[0]!.points.map((p) => p.atSec)).toEqual([1, 2.5, 4]);
    expect(series[0]!.points.map((p) => p.gapPercent)).toEqual([70, 36.36, 0].map((x) => expect.closeTo(x, 10)));
  });

  it('has no series when no run logged a gap', () => {
    const onlyBounds = compareEntry({ progress: [{ atSec: 0.1, incumbent: null, bound: 1e-4, gap: null }] });
    expect(gapSeries([onlyBounds, compareEntry({ solver: 'highs' })])).toEqual([]);
  });
});
