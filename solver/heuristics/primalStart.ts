import type { Highs } from 'highs';
import { modelClass, type ModelIR } from '../model/ir.ts';
import { LpRelaxation } from './lpRelaxation.ts';
import { maxNamesHeuristic } from './maxNamesHeuristic.ts';
import { nameColumns, otherIntegerColumns } from './nameColumns.ts';
import type { PrimalStartOutcome } from './primalStartOutcome.ts';
import { restrictToNames } from './restrictedModel.ts';
import { tradingStart } from './tradingStart.ts';
import { wholeSharesStart } from './wholeSharesRounding.ts';

/**
 * The incumbent a MILP solve starts from, chosen by the structure the components annotated:
 *   cardinality (con.max-names)     → maxNamesHeuristic; with whole shares too, the support first,
 *                                      then whole-share rounding within it;
 *   wholeShares (var.whole-shares)  → the LP relaxation's weights rounded to whole shares;
 *   holdings (var.trades)           → tradingStart: the account as it stands, or the relaxation's
 *                                      trades rounded, flagged and cut to the minimum trade size
 *                                      (also when trade flags, lots or wash-sale flags are in the model).
 * Every start is completed by an LP over the continuous columns, so it is a feasible point of the
 * full model (checked by HiGHS again when it is handed over as the MIP start).
 */
export function primalStart(highs: Highs, ir: ModelIR, options: { deadlineMs: number }): PrimalStartOutcome {
  if (modelClass(ir) !== 'MILP') return { ok: false, reason: `primal heuristics apply to MILPs, not ${modelClass(ir)}` };
  const { cardinality, wholeShares, holdings } = ir.annotations;
  if (!cardinality && !wholeShares && !holdings) return { ok: false, reason: 'the model has no structure annotation a heuristic uses' };
  const cols = nameColumns(ir);
  if ('reason' in cols) return { ok: false, reason: cols.reason };
  const other = otherIntegerColumns(ir, cols);
  // an account with holdings: the status quo and rounded trades (the max-names search keeps the
  // models it handles whole, those whose only integer columns are selections and shares)
  if (holdings && (!cardinality || other.length > 0)) {
    const { candidates: _, ...outcome } = tradingStart(highs, ir, options);
    return outcome;
  }
  if (other.length > 0) {
    return { ok: false, reason: `integer column ${ir.cols.names[other[0]!]} is neither a selection nor a share count` };
  }
  const shares = wholeShares !== undefined && cols.shares !== undefined;

  if (cardinality) {
    const out = maxNamesHeuristic(highs, ir, { deadlineMs: options.deadlineMs });
    if (!out.ok) return out;
    const r = out.result;
    const stats = { ...r.stats, names: r.support.length };
    if (!shares) {
      return { ok: true, start: { x: r.x, objective: r.objective, heuristic: 'max-names', relaxationBound: r.relaxationBound, stats } };
    }
    // rounding and completing within the support: the other names stay at 0, and the LP is small
    const within = restrictToNames(ir, cols, r.support);
    const done = wholeSharesStart(highs, within.ir, within.restrict(r.x));
    if (!done.feasible) return { ok: false, reason: `whole-share rounding of the max-names support failed: ${done.reason}` };
    return {
      ok: true,
      start: {
        x: within.expand(done.x),
        objective: done.objective,
        heuristic: 'max-names+whole-shares',
        relaxationBound: r.relaxationBound,
        stats,
      },
    };
  }

  const started = performance.now();
  const lp = new LpRelaxation(highs, ir);
  let relaxed;
  try {
    relaxed = lp.solve();
  } finally {
    lp.dispose();
  }
  if (!relaxed.optimal) return { ok: false, reason: `the LP relaxation is not solvable (HiGHS model status ${relaxed.modelStatus})` };
  const done = wholeSharesStart(highs, ir, relaxed.x);
  if (!done.feasible) return { ok: false, reason: `whole-share rounding failed: ${done.reason}` };
  return {
    ok: true,
    start: {
      x: done.x,
      objective: done.objective,
      heuristic: 'whole-shares',
      relaxationBound: relaxed.objective,
      stats: { ms: performance.now() - started },
    },
  };
}
