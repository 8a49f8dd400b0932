import type { ErrorCode } from '../api/envelope.ts';

/**
 * `jessica` exits with one of three codes, and only these (README, "Exit codes"):
 *   0  done.
 *   1  bad input: something the user gave or pointed at must change before the command can work, and the one-line
 *      message names it: an option, a file and its line and field, a model component, a path to write (`--out`),
 *      the data directory's store (`jessica.sqlite` is not a database). Codes bad-input, not-found, unknown-method;
 *      file-system errors the user fixes (permission, read-only, full disk) and a store to move aside come as bad-input.
 *   2  no result although the input was accepted: the model is infeasible or the solver failed (infeasible,
 *      solver-failed), a batch is partial (batchCommand), the run was cancelled, or Jessica itself failed (internal).
 * Why internal is 2: an internal error is by definition one no input check caught; exit 1 would send the user looking
 * for a mistake in their files that is not there, while 2 says what is true: the request was sound and no result came
 * out, as when the solver crashes. Why cancelled is 2: the input was accepted and the run stopped before its result
 * at the user's word; nothing in the input needs fixing, and running it again gives the result, as for a solver
 * stopped at its limit without a portfolio.
 */
export function exitCodeFor(code: ErrorCode): 1 | 2 {
  switch (code) {
    case 'bad-input':
    case 'not-found':
    case 'unknown-method':
      return 1;
    case 'infeasible':
    case 'solver-failed':
    case 'cancelled':
    case 'internal':
      return 2;
  }
}
