import type { CallbackData } from 'highs';
import type { SolveProgress } from '../backend.ts';

/**
 * One row of HiGHS's MIP log table (columns BestBound, BestSol, Time) as a progress point: the incumbent's
 * objective and the best bound, in the model's own sense, at `running_time` seconds of HiGHS's run clock.
 *
 * Read from the MIP-logging callback rather than the row's text: HiGHS calls it from the same place that
 * prints the row (HighsMipSolverData::printDisplayLine), with the same numbers at full precision, whereas the
 * row prints them to 9 significant digits below 0.1 (a tracking error's MAD is ~0.005) and its time to 0.1 s.
 * A bound HiGHS does not have yet (no incumbent, no finite bound) is ±Infinity there, and left out here.
 */
export function progressOfLogRow(row: CallbackData): SolveProgress | undefined {
  const atSec = row.running_time;
  if (atSec === undefined || !Number.isFinite(atSec)) return undefined;
  const point: SolveProgress = { atSec };
  if (row.mip_primal_bound !== undefined && Number.isFinite(row.mip_primal_bound)) point.incumbent = row.mip_primal_bound;
  if (row.mip_dual_bound !== undefined && Number.isFinite(row.mip_dual_bound)) point.bound = row.mip_dual_bound;
  return point;
}
