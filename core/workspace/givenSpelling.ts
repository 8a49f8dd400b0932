import type { ApiError } from '../../api/envelope.ts';
import type { ConfinedPath } from './confineArguments.ts';

/**
 * The core was given resolved paths; its errors name files as the user gave them (a relative name in the
 * workspace), so the page can tell which of its fields an error is about and the user reads their own words.
 */
export function inGivenSpelling(error: ApiError, paths: readonly ConfinedPath[]): ApiError {
  const renamed = paths.filter((p) => p.resolved !== p.given).sort((a, b) => b.resolved.length - a.resolved.length);
  if (renamed.length === 0) return error;
  let message = error.message;
  for (const { resolved, given } of renamed) message = message.split(resolved).join(given);
  const file = renamed.find((p) => p.resolved === error.where?.file)?.given;
  return { ...error, message, ...(file === undefined ? {} : { where: { ...error.where, file } }) };
}
