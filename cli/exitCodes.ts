import type { ErrorCode } from '../api/envelope.ts';

/** DESIGN section 5 and the foundation issue: 1 bad input, 2 the solver failed or the model is infeasible. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'bad-input':
    case 'not-found':
    case 'unknown-method':
      return 1;
    case 'infeasible':
    case 'solver-failed':
      return 2;
    default:
      return 3;
  }
}
