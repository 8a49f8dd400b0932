/**
 * The names of SolveResult.phases, shared by every backend so that runs of different solvers line up in the
 * run waterfall and on the Compare screen. A backend reports a phase only where its log tells it apart, times
 * it on the solver's own clock where the log prints one, and lists phases in the order they ran.
 *
 * A MIP run:
 *  - `presolve`: the solver's presolve. HiGHS ("Presolving model" to "Solving MIP model with") and Gurobi
 *    ("Presolve time: T s"). CBC's log does not time its preprocessing, which is counted in `root`.
 *  - `root`: the root node: its LP relaxation, cut rounds and primal heuristics (and, for HiGHS, the restarts
 *    made there), up to the first branching. CBC: from its start to "Cbc0010I After 0 nodes ... (T seconds)"
 *    (cbcFiles.ts); HiGHS: from the end of presolve to the first node-table row with a node processed
 *    (highsLogPhases.ts, late by up to a second); Gurobi: from the end of presolve to the first node-table row
 *    with a node explored or waiting, "0 2 ..." (gurobiFiles.ts, in Gurobi's whole seconds).
 *  - `branch-and-bound`: the tree search, to the end of the search. Absent when the root solved the model.
 * An LP or QP run:
 *  - `presolve` (HiGHS, Gurobi), `solve` (the simplex, barrier or QP solve), `postsolve` (HiGHS).
 *
 * The HiGHS pool puts `heuristic` (the primal heuristic's time) before a solve that starts from its point: HiGHS's
 * (highsPipeline, which also adds `mip`, the HiGHS solve, with the phases above nested under it as `mip.<name>`),
 * or CBC's and Gurobi's (withPrimalStart). A solver's own clock, and so SolveResult.progress, starts after both.
 */
export const PHASE = {
  presolve: 'presolve',
  root: 'root',
  branchAndBound: 'branch-and-bound',
  solve: 'solve',
  postsolve: 'postsolve',
} as const;

export type SolverPhaseName = (typeof PHASE)[keyof typeof PHASE];
