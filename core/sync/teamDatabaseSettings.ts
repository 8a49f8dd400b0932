import type { Settings } from '../../api/sync.ts';
import type { Database } from '../store/database.ts';
import { readSetting, writeSetting } from '../store/settingsStore.ts';
import { PG_URL_SETTING, redactUrl, teamDatabaseTarget } from './teamDatabaseUrl.ts';

/** settings/get: what the Settings screen shows; the stored URL's password never leaves the store. */
export function teamDatabaseSettings(db: Database): Settings {
  const url = readSetting(db, PG_URL_SETTING);
  return { pgUrl: url === null ? null : redactUrl(url) };
}

/** settings/set: a URL is checked before it is stored (a malformed one is bad input); null removes it. */
export function setTeamDatabaseUrl(db: Database, pgUrl: string | null): Settings {
  if (pgUrl !== null) teamDatabaseTarget(pgUrl, 'argument');
  writeSetting(db, PG_URL_SETTING, pgUrl);
  return teamDatabaseSettings(db);
}
