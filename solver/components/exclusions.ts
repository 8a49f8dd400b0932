import { z } from 'zod';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

interface ExclusionParams {
  tickers: string[];
  sectors: string[];
}

/** Indices of the excluded names, and the listed tickers and sectors the universe does not have. */
function excludedNames(params: ExclusionParams, problem: TrackingProblem): { names: Set<number>; unknown: string[] } {
  const byTicker = new Map(problem.tickers.map((t, i) => [t.toUpperCase(), i]));
  const names = new Set<number>();
  const unknown: string[] = [];
  for (const ticker of params.tickers) {
    const i = byTicker.get(ticker.trim().toUpperCase());
    if (i === undefined) unknown.push(`ticker ${ticker}`);
    else names.add(i);
  }
  for (const sector of params.sectors) {
    let found = false;
    problem.sectors.forEach((s, i) => {
      if (s === sector) {
        names.add(i);
        found = true;
      }
    });
    if (!found) unknown.push(`sector ${sector}`);
  }
  return { names, unknown };
}

/**
 * con.exclusions: client restrictions, w_i = 0 for every listed ticker and every name in a
 * listed sector (as upper bounds, no rows). A ticker or sector the universe does not have is an
 * error rather than a silent no-op: a misspelt restriction must not pass unnoticed.
 */
export const exclusions = defineComponent({
  id: 'con.exclusions',
  kind: 'constraint',
  title: 'Exclusions',
  doc: 'w_i = 0 for listed tickers and for every name in a listed sector.',
  params: z.strictObject({
    tickers: z.array(z.string().min(1)).default([]),
    sectors: z.array(z.string().min(1)).default([]),
  }),
  provides: [],
  requires: ['weights'],
  features: [],
  check(params, { problem }) {
    return excludedNames(params, problem).unknown.map((what) => `${what} is not in universe ${problem.universe}`);
  },
  apply(builder, params, { problem }) {
    const w = requiredSet(builder, 'con.exclusions', 'weights');
    const { names, unknown } = excludedNames(params, problem);
    if (unknown.length > 0) throw new ComponentError('con.exclusions', `${unknown.join(', ')} not in universe ${problem.universe}`);
    for (const i of names) builder.tightenBounds(w.start + i, 0, 0);
  },
});
