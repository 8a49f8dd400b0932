import type { ApiError } from '../../../api/envelope.ts';

/**
 * The team database's connection as the Settings screen takes it: the URL without its password, and the password
 * in a field of its own, so what is typed is never shown in clear.
 */
export interface DatabaseUrlDraft {
  url: string;
  password: string;
}

export const blankDatabaseUrlDraft: DatabaseUrlDraft = { url: '', password: '' };

// scheme, then the user info: everything up to the last `@` before the path (a password typed unencoded may hold one)
const POSTGRES_URL = /^(postgres(?:ql)?:\/\/)(?:([^/?#]*)@)?(.*)$/s;

function refused(field: string, message: string): { error: ApiError } {
  return { error: { code: 'bad-input', message, where: { field } } };
}

/**
 * The URL to send, with the password put into its user info (percent-encoded, as libpq and `pg` decode it);
 * `null` when nothing was typed (then the saved connection is meant).
 */
export function databaseUrl(draft: DatabaseUrlDraft): { url: string | null } | { error: ApiError } {
  const url = draft.url.trim();
  const password = draft.password;
  if (!url) return password ? refused('pgUrl', 'pgUrl: give the URL the password belongs to') : { url: null };
  const match = POSTGRES_URL.exec(url);
  if (!match) return refused('pgUrl', 'pgUrl: expected a URL such as postgres://user@host:5432/database');
  if (!password) return { url };
  const [, scheme, userInfo, rest] = match;
  if (!userInfo) return refused('pgUrl', 'pgUrl: name the user the password belongs to, e.g. postgres://user@host:5432/database');
  if (userInfo.includes(':')) return refused('password', 'password: the URL has a password already; give it in one place');
  return { url: `${scheme}${userInfo}:${encodeURIComponent(password)}@${rest}` };
}
