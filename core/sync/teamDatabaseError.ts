import type { TeamDatabaseTarget } from './teamDatabaseUrl.ts';

/**
 * The team database could not be reached, refused the login, or went away during a sync. The input was accepted
 * and no result came out, so a shell treats it as the CLI's exit 2 (it falls to the envelope's `internal`, whose
 * message is shown as it is). The message is one line and never holds the password.
 */
export class TeamDatabaseError extends Error {
  /** what went wrong without the URL before it (a connection test shows the URL beside it) */
  readonly reason: string;

  constructor(message: string, reason: string = message) {
    super(message);
    this.name = 'TeamDatabaseError';
    this.reason = reason;
  }
}

/** What node and node-postgres put on a failure: a system code (ECONNREFUSED) or PostgreSQL's SQLSTATE (28P01). */
interface FailureFacts {
  message: string;
  code?: string;
}

function factsOf(error: unknown): FailureFacts {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // an AggregateError (every address of a host refused) carries the codes on its members
    const inner = (error as { errors?: unknown[] }).errors?.[0];
    if (typeof code !== 'string' && inner instanceof Error) return factsOf(inner);
    return { message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { message: String(error) };
}

/** SQLSTATE classes and node codes that mean the connection itself ended: a rerun may succeed. */
export function isConnectionLoss(error: unknown): boolean {
  const { code, message } = factsOf(error);
  if (code !== undefined && (/^(08|57P)/.test(code) || ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code))) return true;
  return /Connection terminated|connection is closed|Client was closed|not queryable/i.test(message);
}

/** The first line of `text`, the password scrubbed from it wherever a server or driver repeated it. */
export function scrubbed(text: string, target: TeamDatabaseTarget): string {
  const line = text.split(/\r?\n/)[0]!.trim();
  return target.password.length >= 3 ? line.split(target.password).join('***') : line;
}

/** Why a connection could not be made, in words that say where to look. */
export function connectFailure(error: unknown, target: TeamDatabaseTarget, timeoutMs: number): string {
  const { code, message } = factsOf(error);
  const at = `${target.host}:${target.port}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused at ${at} (is PostgreSQL running there, listening on that port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `host "${target.host}" not found`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${at} cannot be reached (${code})`;
    case 'ETIMEDOUT':
      return `no answer from ${at} within ${Math.round(timeoutMs / 1000)} s`;
    case 'ECONNRESET':
      return `${at} closed the connection while logging in`;
    case '3D000':
      return `${message} on ${at} (create it, or name another database in the URL)`;
    default:
      break;
  }
  if (/timeout/i.test(message)) return `no answer from ${at} within ${Math.round(timeoutMs / 1000)} s`;
  // node-postgres's own words when the server asks for a password and the URL gives none
  if (/SASL|client password must be a string|password authentication|no password/i.test(message) && target.password === '' && !/failed/.test(message)) {
    return `${at} asks for a password for user "${target.user}" and the URL gives none`;
  }
  return message;
}

/** The error of a connection that failed: one line naming the redacted URL and what went wrong. */
export function connectError(error: unknown, target: TeamDatabaseTarget, timeoutMs: number): TeamDatabaseError {
  const reason = scrubbed(connectFailure(error, target, timeoutMs), target);
  return new TeamDatabaseError(`team database ${target.redacted}: ${reason}`, reason);
}

/**
 * The error of a sync that stopped while it wrote one (table, scope): the transaction holding it was rolled back,
 * so nothing of that scope was kept and a rerun sends it again.
 */
export function scopeStopped(error: unknown, table: string, scope: string, target: TeamDatabaseTarget): TeamDatabaseError {
  const { message, code } = factsOf(error);
  const what = `sync of ${table} (${scope})`;
  // a server restarted or stopped says so (57P01 `terminating connection due to administrator command`) when it can;
  // when the socket went first, node names only the system call
  const reason = code === 'ECONNRESET' || code === 'EPIPE' ? `the server closed the connection (${message})` : message;
  const text = isConnectionLoss(error)
    ? `${what} stopped: ${reason}; nothing of it was kept; run jessica sync again`
    : `${what} failed: ${message}; nothing of it was kept`;
  return new TeamDatabaseError(scrubbed(text, target));
}
