/**
 * Every core method answers with an envelope: errors are data, never exceptions across a transport.
 * `code` tells a shell how to react (the CLI maps bad-input to exit 1, infeasible and solver-failed to exit 2;
 * `cancelled` ends a job the user stopped).
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
