import type { ApiError } from '../../../api/envelope.ts';

/** An error envelope carried as an exception inside the renderer, so a slice can keep the envelope's error as data. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
  }
}

/** The envelope error of whatever a call threw: a transport that fails is reported like a core error. */
export function apiErrorOf(error: unknown): ApiError {
  if (error instanceof ApiFailure) return error.error;
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
