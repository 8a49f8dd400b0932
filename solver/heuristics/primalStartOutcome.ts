/** The incumbent a MILP solve starts from (see primalStart), or why no heuristic found one. */
export interface PrimalStart {
  x: Float64Array;
  objective: number;
  /** which heuristics produced it, e.g. 'max-names', 'max-names+whole-shares' */
  heuristic: string;
  /** optimum of the LP relaxation when the heuristic solved it: a bound for the model */
  relaxationBound?: number;
  stats: Record<string, number>;
}

export type PrimalStartOutcome = { ok: true; start: PrimalStart } | { ok: false; reason: string };
