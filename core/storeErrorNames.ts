import BetterSqlite3 from 'better-sqlite3';
import type { JobHandlers } from './jobs/jobRunner.ts';
import { StoreError } from './errors.ts';

/**
 * SQLite's errors name no file (`database or disk is full`): the core adds its store's path, so a shell says which
 * file is full, locked or damaged (StoreError, with what to do).
 */
export function namingTheStore(error: unknown, storeFile: string): unknown {
  return error instanceof BetterSqlite3.SqliteError ? new StoreError(storeFile, error.code, error.message) : error;
}

/** The job handlers, their store errors named by `storeFile` (jobs report their errors without passing through dispatch). */
export function jobHandlersNamingTheStore(handlers: JobHandlers, storeFile: string): JobHandlers {
  const named: Record<string, unknown> = {};
  for (const [method, handler] of Object.entries(handlers) as [string, (args: unknown, control: unknown) => Promise<unknown>][]) {
    named[method] = async (args: unknown, control: unknown) => {
      try {
        return await handler(args, control);
      } catch (error) {
        throw namingTheStore(error, storeFile);
      }
    };
  }
  return named as JobHandlers;
}
