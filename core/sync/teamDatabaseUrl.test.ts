import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { openDatabase } from '../store/database.ts';
import { writeSetting } from '../store/settingsStore.ts';
import { configuredTeamDatabase, PG_URL_SETTING, redactUrl, requireTeamDatabase, teamDatabaseTarget } from './teamDatabaseUrl.ts';
import { setTeamDatabaseUrl, teamDatabaseSettings } from './teamDatabaseSettings.ts';

describe('the team database URL', () => {
  it('never shows a password: in the user part, as a parameter, or in text that is not a URL at all', () => {
    expect(redactUrl('postgres://analyst:s3cr%40t@db.example.com:5432/team')).toBe('postgres://analyst:***@db.example.com:5432/team');
    expect(redactUrl('postgresql://analyst@db/team?password=s3cret&sslmode=require')).toBe('postgresql://analyst@db/team?password=***&sslmode=require');
    expect(redactUrl('postgres://analyst@db:5432/team')).toBe('postgres://analyst@db:5432/team');
    expect(redactUrl('postgres://analyst:s3cret@[broken')).toBe('postgres://analyst:***@[broken');
  });

  it('takes the URL apart for messages: host, port (5432 by default), user, database (the user by default)', () => {
    const t = teamDatabaseTarget('postgres://analyst:pw%2Fx@db.example.com/team', 'argument');
    expect(t).toMatchObject({ host: 'db.example.com', port: 5432, user: 'analyst', database: 'team', password: 'pw/x', redacted: 'postgres://analyst:***@db.example.com/team' });
    expect(teamDatabaseTarget('postgres://analyst@127.0.0.1:5433', 'argument')).toMatchObject({ port: 5433, database: 'analyst' });
  });

  it('refuses what is not a PostgreSQL URL as bad input naming where it came from, its password redacted', () => {
    const refusal = (url: string, source: 'argument' | 'JESSICA_PG_URL') => {
      try {
        teamDatabaseTarget(url, source);
      } catch (error) {
        return error;
      }
      throw new Error(`${url} was taken`);
    };
    const e = refusal('postgres://analyst:hunter2@[::1/db', 'JESSICA_PG_URL');
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toBe(
      'JESSICA_PG_URL "postgres://analyst:***@[::1/db" is not a URL; expected a URL such as postgres://user:password@host:5432/database',
    );
    expect((refusal('mysql://u:hunter2@h/db', 'argument') as Error).message).toMatch(/^the team database URL "mysql:\/\/u:\*\*\*@h\/db" is not a PostgreSQL URL \(mysql:\)/);
    expect((refusal('postgres://u:hunter2@h:99999/db', 'argument') as Error).message).not.toContain('hunter2');
  });

  it('takes the argument over JESSICA_PG_URL over the stored setting, and says how to set one when none is', () => {
    const db = openDatabase(':memory:');
    const env = { JESSICA_PG_URL: 'postgres://env@envhost/db' };
    expect(configuredTeamDatabase(db, undefined, {})).toBeNull();
    expect(() => requireTeamDatabase(db, undefined, {})).toThrow(
      'no team database is set: give one with --pg postgres://user:password@host:5432/database, set JESSICA_PG_URL, or set it in the Settings screen (or `jessica settings set pg-url URL`)',
    );
    writeSetting(db, PG_URL_SETTING, 'postgres://stored@storedhost/db');
    expect(configuredTeamDatabase(db, undefined, {})).toMatchObject({ host: 'storedhost', source: 'settings' });
    expect(configuredTeamDatabase(db, undefined, env)).toMatchObject({ host: 'envhost', source: 'JESSICA_PG_URL' });
    expect(configuredTeamDatabase(db, 'postgres://arg@arghost/db', env)).toMatchObject({ host: 'arghost', source: 'argument' });
    db.close();
  });

  it('settings/set checks the URL before storing it, settings/get shows it redacted, null removes it', () => {
    const db = openDatabase(':memory:');
    expect(teamDatabaseSettings(db)).toEqual({ pgUrl: null });
    expect(setTeamDatabaseUrl(db, 'postgres://analyst:hunter2@db:5432/team')).toEqual({ pgUrl: 'postgres://analyst:***@db:5432/team' });
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(PG_URL_SETTING)).toBe('postgres://analyst:hunter2@db:5432/team');
    expect(() => setTeamDatabaseUrl(db, 'postgres://analyst:hunter2@[x')).toThrow(InputError);
    expect(teamDatabaseSettings(db)).toEqual({ pgUrl: 'postgres://analyst:***@db:5432/team' });
    expect(setTeamDatabaseUrl(db, null)).toEqual({ pgUrl: null });
    db.close();
  });
});
