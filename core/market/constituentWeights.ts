import path from 'node:path';

/**
 * How far the constituents' `weight` column may sum from 1 before the import says so. The benchmark
 * renormalizes the weights over the members it uses, so a file summing to 5.5 or to 100 still imports,
 * but such a sum usually means a column of something else (percents, market caps, a wrong column).
 */
export const WEIGHT_SUM_TOLERANCE = 0.02;

/** The sum of a percent column: 100 within the same relative tolerance. */
const PERCENT_SUM = 100;

/**
 * A warning when the weights sum far from 1, or null. A sum below 1 is expected when some members have
 * no weight (the optimizer warns about those itself), so it is only flagged when every member has one.
 */
export function weightSumWarning(file: string, sum: number, weighted: number, members: number): string | null {
  if (weighted === 0 || Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE) return null;
  if (sum < 1 && weighted < members) return null;
  const name = path.basename(file);
  const total = Number(sum.toPrecision(6));
  if (Math.abs(sum / PERCENT_SUM - 1) <= WEIGHT_SUM_TOLERANCE) {
    return `the weights in ${name} sum to ${total}: percents, it seems; each member's weight is taken as its share of that sum`;
  }
  return `the weights in ${name} sum to ${total}, not 1: each member's weight is taken as its share of that sum (is the weight column index weights?)`;
}
