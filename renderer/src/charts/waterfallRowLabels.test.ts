import { describe, expect, it } from 'vitest';
import type { WaterfallBar } from '../../../api/runs.ts';
import { waterfallRowLabels } from './waterfallRowLabels.ts';

const bar = (spanId: number, name: string, row: number, depth: number, lane: number | null, startMs: number, parent: number | null = null): WaterfallBar => ({
  spanId,
  parent,
  name,
  stage: 'optimize',
  depth,
  row,
  lane,
  startMs,
  durationMs: 10,
});

describe('the names of a waterfall’s rows', () => {
  it('names a row of clusters side by side on a lane after the lane, and a lane’s further row with its count', () => {
    const bars = [
      bar(1, 'optimize', 0, 0, null, 0),
      bar(2, 'cluster A', 1, 1, 0, 0, 1),
      // a phase drawn inside cluster A on its row: not what names the row
      bar(3, 'heuristic', 1, 2, null, 0, 2),
      bar(4, 'cluster B', 1, 1, 0, 10, 1),
      bar(5, 'cluster C', 2, 1, 0, 5, 1),
      bar(6, 'cluster D', 2, 1, 0, 15, 1),
      bar(7, 'cluster E', 3, 1, 1, 0, 1),
      bar(8, 'cluster F', 3, 1, 1, 10, 1),
      bar(9, 'persist', 4, 0, null, 30),
    ];
    expect(waterfallRowLabels(5, bars).map((l) => [l.label, l.depth, l.lane])).toEqual([
      ['optimize', 0, null],
      ['lane 0', 1, 0],
      ['lane 0 (2)', 1, 0],
      ['lane 1', 1, 1],
      ['persist', 0, null],
    ]);
  });

  it('keeps the name of a lone bar that ran on a lane, and leaves an empty row unnamed', () => {
    const bars = [bar(1, 'solve', 0, 0, 1, 0), bar(2, 'presolve', 0, 1, null, 0, 1)];
    expect(waterfallRowLabels(2, bars).map((l) => l.label)).toEqual(['solve · lane 1', '']);
  });
});
