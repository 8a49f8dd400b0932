/**
 * Every core method answers with an envelope: errors are data, never exceptions across a transport.
 * `code` tells a shell how to react: the CLI exits 1 on bad-input, not-found and unknown-method (the user has
 * something to change), and 2 on infeasible, solver-failed, cancelled (a job the user stopped) and internal
 * (cli/exitCodes.ts says why).
 */
export type ErrorCode = 'bad-input' | 'not-found' | 'infeasible' | 'solver-failed' | 'unknown-method' | 'cancelled' | 'internal';

export interface ErrorWhere {
  file?: string;
  line?: number;
  field?: string;
  component?: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  where?: ErrorWhere;
  /** further structured facts, e.g. every issue an assembly found */
  details?: unknown;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(error: ApiError): Envelope<never> {
  return { ok: false, error };
}
