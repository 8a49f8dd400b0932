import { z } from 'zod';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
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
 *   B_s − band ≤ Σ_{i∈s} w_i ≤ B_s + band,   B_s = Σ_{i∈s} b_i / Σ_{i∈K} b_i,
 * for every sector s with members, K = the names outside sectors the model excludes entirely.
 * A sector whose every name has an upper bound of 0 (con.exclusions of the sector, say) is not
 * banded, and its benchmark weight is spread pro rata over the others, as an ESG-screened index
 * reweights: banding it at B_s ± band would contradict the exclusion. Names with an unknown sector
 * are not banded.
 */
export const sectorBand = defineComponent({
  id: 'con.sector-band',
  kind: 'constraint',
  title: 'Sector band',
  doc:
    '|Σ_{i∈s} w_i − B_s| ≤ band for every sector s, B_s = Σ_{i∈s} b_i (b: benchmark weights); a sector the model excludes ' +
    'entirely is not banded and the other sectors’ B_s are scaled up pro rata to sum to 1.',
  params: z.strictObject({ band: z.number().min(0).max(1) }),
  provides: [],
  requires: ['weights'],
  features: [],
  after: ['con.exclusions', 'con.max-weight'],
  check(_params, { problem }) {
    return sectorMembers(problem).size === 0 ? ['no name in the universe has a sector to band'] : [];
  },
  apply(builder, { band }, { problem }) {
    const w = requiredSet(builder, 'con.sector-band', 'weights');
    const sectors = [...sectorMembers(problem)];
    const excluded = (members: number[]) => members.every((i) => builder.columnBounds(w.start + i).upper <= 0);
    let excludedWeight = 0;
    for (const [, members] of sectors) {
      if (excluded(members)) for (const i of members) excludedWeight += problem.benchmarkWeights[i]!;
    }
    let total = 0;
    for (let i = 0; i < problem.tickers.length; i++) total += problem.benchmarkWeights[i]!;
    const scale = total - excludedWeight > 0 ? 1 / (total - excludedWeight) : 1;
    for (const [sector, members] of sectors) {
      if (excluded(members)) continue;
      let benchmark = 0;
      for (const i of members) benchmark += problem.benchmarkWeights[i]! * scale;
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
