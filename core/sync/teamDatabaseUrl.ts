import os from 'node:os';
import { InputError } from '../errors.ts';
import { quoted } from '../quotedText.ts';
import type { Database } from '../store/database.ts';
import { readSetting } from '../store/settingsStore.ts';

/** The settings key of the team database's URL (the Settings screen, `jessica settings set pg-url`). */
export const PG_URL_SETTING = 'pgUrl';

/** Where the URL came from, in the words a message uses to point at it. */
export type UrlSource = 'argument' | 'JESSICA_PG_URL' | 'settings';

/** The team database a sync talks to: the URL as given (with its password) and everything a message may show. */
export interface TeamDatabaseTarget {
  url: string;
  /** the URL with its password replaced by *** */
  redacted: string;
  source: UrlSource;
  host: string;
  port: number;
  user: string;
  database: string;
  /** the password as given, so that any message can be scrubbed of it; '' for none */
  password: string;
}

const SOURCE_NAMES: Record<UrlSource, string> = {
  argument: 'the team database URL',
  JESSICA_PG_URL: 'JESSICA_PG_URL',
  settings: "the team database URL in the store's settings",
};

export const HOW_TO_SET_A_URL =
  'give one with --pg postgres://user:password@host:5432/database, set JESSICA_PG_URL, or set it in the Settings screen (or `jessica settings set pg-url URL`)';

/**
 * The URL with its password (in the user part, or a `password` parameter) replaced by `***`. Also for text that is
 * not a URL at all, so that a malformed URL can be quoted in its error without its password.
 */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '***';
    if (url.searchParams.has('password')) url.searchParams.set('password', '***');
    return url.toString().replace('password=%2A%2A%2A', 'password=***');
  } catch {
    return text.replace(/(\/\/[^/@]*?:)[^@/]*@/, '$1***@').replace(/(password=)[^&]*/gi, '$1***');
  }
}

/** Checks `url` and takes it apart; InputError (exit 1) naming where it came from when it is not a PostgreSQL URL. */
export function teamDatabaseTarget(url: string, source: UrlSource, env: NodeJS.ProcessEnv = process.env): TeamDatabaseTarget {
  const redacted = redactUrl(url);
  const refuse = (why: string) =>
    new InputError(`${SOURCE_NAMES[source]} ${quoted(redacted)} ${why}; expected a URL such as postgres://user:password@host:5432/database`, {
      field: source === 'argument' ? 'url' : source,
    }, { placed: true });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('is not a URL');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw refuse(`is not a PostgreSQL URL (${parsed.protocol.slice(0, -1)}:)`);
  const socketDirectory = parsed.searchParams.get('host');
  if (parsed.hostname === '' && socketDirectory === null) throw refuse('names no host');
  let password: string;
  let user: string;
  let database: string;
  try {
    password = decodeURIComponent(parsed.password);
    user = decodeURIComponent(parsed.username) || env.PGUSER || os.userInfo().username;
    database = decodeURIComponent(parsed.pathname.slice(1)) || user;
  } catch {
    throw refuse('has a malformed %-escape');
  }
  return {
    url,
    redacted,
    source,
    host: parsed.hostname === '' ? socketDirectory! : parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    user,
    database,
    password,
  };
}

/** The URL a sync uses: the argument, else JESSICA_PG_URL, else the stored setting; null when none is set. */
export function configuredTeamDatabase(db: Database, given: string | undefined, env: NodeJS.ProcessEnv = process.env): TeamDatabaseTarget | null {
  if (given !== undefined && given !== '') return teamDatabaseTarget(given, 'argument', env);
  const fromEnv = env.JESSICA_PG_URL;
  if (fromEnv !== undefined && fromEnv !== '') return teamDatabaseTarget(fromEnv, 'JESSICA_PG_URL', env);
  const stored = readSetting(db, PG_URL_SETTING);
  return stored === null ? null : teamDatabaseTarget(stored, 'settings', env);
}

/** As configuredTeamDatabase, but none is bad input that says how to set one. */
export function requireTeamDatabase(db: Database, given: string | undefined, env: NodeJS.ProcessEnv = process.env): TeamDatabaseTarget {
  const target = configuredTeamDatabase(db, given, env);
  if (target === null) throw new InputError(`no team database is set: ${HOW_TO_SET_A_URL}`, { field: 'url' }, { placed: true });
  return target;
}
