import { describe, expect, it } from 'vitest';
import { settingsSetArgs } from '../../../api/methods.ts';
import { databaseUrl } from './databaseUrl.ts';

function built(url: string, password: string): string | null {
  const answer = databaseUrl({ url, password });
  if ('error' in answer) throw new Error(answer.error.message);
  return answer.url;
}

describe('databaseUrl', () => {
  it('puts the password into the user info, encoded so that a URL parser gives it back unchanged', () => {
    const password = 'p@ss:w/rd?#% é';
    const url = built(' postgres://analyst@db.example.com:5432/team?sslmode=require ', password)!;
    // WHATWG URL is what pg-connection-string parses with; it decodes nothing, so decodeURIComponent does
    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.password)).toBe(password);
    expect(parsed.username).toBe('analyst');
    expect(parsed.hostname).toBe('db.example.com');
    expect(parsed.port).toBe('5432');
    expect(parsed.pathname).toBe('/team');
    expect(parsed.searchParams.get('sslmode')).toBe('require');
    expect(settingsSetArgs.safeParse({ pgUrl: url }).success).toBe(true);
  });

  it('keeps a URL without a password as typed, and means the saved connection when nothing is typed', () => {
    expect(built('postgresql://postgres@127.0.0.1:5432/scratch', '')).toBe('postgresql://postgres@127.0.0.1:5432/scratch');
    expect(built('  ', '')).toBeNull();
  });

  it.each([
    ['', 'secret', 'pgUrl', 'give the URL the password belongs to'],
    ['mysql://root@db/x', '', 'pgUrl', 'expected a URL such as postgres://'],
    ['postgres://db.example.com/team', 'secret', 'pgUrl', 'name the user the password belongs to'],
    ['postgres://analyst:old@db/team', 'new', 'password', 'the URL has a password already'],
  ])('refuses %j with password %j on field %s', (url, password, field, message) => {
    const answer = databaseUrl({ url, password });
    expect('error' in answer && answer.error.where?.field).toBe(field);
    expect('error' in answer && answer.error.message).toContain(message);
    // a refusal never repeats the password
    expect('error' in answer && password && answer.error.message.includes(password)).toBeFalsy();
  });
});
