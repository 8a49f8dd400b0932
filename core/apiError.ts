import BetterSqlite3 from 'better-sqlite3';
import { ZodError } from 'zod';
import type { ApiError } from '../api/envelope.ts';
import { ModelAssemblyError } from '../solver/assembler/modelAssemblyError.ts';
import { TrackingUniverseError } from '../solver/tracking/trackingUniverse.ts';
import { Cancelled, InputError, NotFoundError, SolveFailure, StoreError, UnwritableNumberError } from './errors.ts';
import { fileSystemFailure } from './fileSystemErrors.ts';

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
  if (error instanceof StoreError) return { code: error.userSide ? 'bad-input' : 'internal', message: error.message, where: { file: error.file } };
  // a store error the core did not get to name the file of (it does for every method it dispatches)
  if (error instanceof BetterSqlite3.SqliteError) return toApiError(new StoreError('the store (jessica.sqlite)', error.code, error.message));
  if (error instanceof UnwritableNumberError) return { code: 'internal', message: error.message, where: { file: error.file, field: error.column } };
  const fileSystem = fileSystemFailure(error);
  if (fileSystem) return fileSystem;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
