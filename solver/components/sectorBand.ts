import { z } from 'zod';
import type { TrackingProblem } from '../portfolio/trackingProblem.ts';
import { defineComponent, requiredSet } from './component.ts';

/** Members of each named sector, in first-seen order; names with an unknown sector ('') belong to none. */
function sectorMembers(problem: TrackingProblem): Map<string, number[]> {
  const members = new Map<string, number[]>();
  problem.sectors.forEach((sector, i) => {
    if (sector === '') return;
    const list = members.get(sector);
    if (list) list.push(i);
    else members.set(sector, [i]);
  });
  return members;
}

/**
 * con.sector-band: each sector stays near its benchmark weight.
 *   B_s − band ≤ Σ_{i∈s} w_i ≤ B_s + band,   B_s = Σ_{i∈s} b_i,
 * for every sector s with members. Names with an unknown sector are not banded.
 */
export const sectorBand = defineComponent({
  id: 'con.sector-band',
  kind: 'constraint',
  title: 'Sector band',
  doc: '|Σ_{i∈s} w_i − Σ_{i∈s} b_i| ≤ band for every sector s (b: benchmark weights).',
  params: z.strictObject({ band: z.number().min(0).max(1) }),
  provides: [],
  requires: ['weights'],
  features: [],
  check(_params, { problem }) {
    return sectorMembers(problem).size === 0 ? ['no name in the universe has a sector to band'] : [];
  },
  apply(builder, { band }, { problem }) {
    const w = requiredSet(builder, 'con.sector-band', 'weights');
    for (const [sector, members] of sectorMembers(problem)) {
      let benchmark = 0;
      for (const i of members) benchmark += problem.benchmarkWeights[i]!;
      builder.addRow(
        `sectorBand[${sector}]`,
        members.map((i) => w.start + i),
        new Array<number>(members.length).fill(1),
        benchmark - band,
        benchmark + band,
      );
    }
  },
});
