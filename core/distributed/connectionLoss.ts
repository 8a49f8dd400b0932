/**
 * Whether a failure means the connection to PostgreSQL ended (the server restarted, went away, or is still starting
 * up), so the same statement may succeed once it is back, rather than a fault in the statement or the data.
 * (core/sync has its own for the team database; this folder imports nothing of core/ by design.)
 */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // an AggregateError (every address of a host refused) carries the codes on its members
  const inner = (error as { errors?: unknown[] }).errors?.[0];
  if (typeof code !== 'string' && inner instanceof Error) return isConnectionLoss(inner);
  if (typeof code === 'string') {
    // SQLSTATE 08xxx connection exception, 57P01–57P03 shutdown / crash / cannot connect now, 53300 too many connections
    if (/^(08|57P)/.test(code) || code === '53300') return true;
    if (['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) return true;
  }
  return /Connection terminated|connection is closed|Client was closed|not queryable|timeout exceeded when trying to connect/i.test(error.message);
}
