import { ZodError } from 'zod';
import type { ApiError } from '../api/envelope.ts';
import { ModelAssemblyError } from '../solver/assembler/modelAssemblyError.ts';
import { TrackingUniverseError } from '../solver/tracking/trackingUniverse.ts';
import { Cancelled, InputError, NotFoundError, SolveFailure } from './errors.ts';

/** Any error a handler throws, as the envelope's error: what it is (code), where, and its structured details. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof InputError) return { code: 'bad-input', message: error.message, where: error.where };
  if (error instanceof NotFoundError) return { code: 'not-found', message: error.message, where: error.where };
  if (error instanceof Cancelled) return { code: 'cancelled', message: error.message, ...(error.runId === undefined ? {} : { details: { runId: error.runId } }) };
  if (error instanceof ModelAssemblyError) {
    return { code: 'bad-input', message: error.message, where: { component: error.issues[0]?.component }, details: error.issues };
  }
  if (error instanceof TrackingUniverseError) return { code: 'bad-input', message: error.message };
  if (error instanceof SolveFailure) return { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join('.') ?? '';
    return { code: 'bad-input', message: `${field ? `${field}: ` : ''}${issue?.message ?? error.message}`, where: { field }, details: error.issues };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
