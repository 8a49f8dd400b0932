import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEnvironment } from './runEnvironment.ts';

const root = path.resolve(import.meta.dirname, '../..');
const versionOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;

describe('runEnvironment', () => {
  it('describes this machine, Node, Jessica and the installed packages as their package.json files say', () => {
    const env = runEnvironment({});
    expect(env).toMatchObject({
      hostname: os.hostname(),
      arch: os.arch(),
      cores: os.cpus().length,
      node: process.versions.node,
    });
    expect(env.platform).toBe(`${os.platform()} ${os.release()}`);
    expect(env.cpu).toBe(os.cpus()[0]!.model.trim());
    expect(env.memoryGiB).toBeCloseTo(os.totalmem() / 2 ** 30, 1);
    expect(env.packages.jessica).toBe(versionOf(path.join(root, 'package.json')));
    for (const name of ['highs', 'better-sqlite3', 'pg', 'piscina', 'yahoo-finance2', 'zod']) {
      expect(env.packages[name], name).toBe(versionOf(path.join(root, 'node_modules', name, 'package.json')));
    }
    expect(Object.keys(env.packages)).not.toContain('left-pad');
  });

  it('keeps the solvers the job names with their versions, leaving out one that reported none', () => {
    expect(runEnvironment({ highs: '1.15.1', cbc: '2.10.8', gurobi: '' }).solvers).toEqual({ highs: '1.15.1', cbc: '2.10.8' });
  });

  it('records the variables that change behaviour, with a URL’s password and a secret’s value redacted', () => {
    const env = runEnvironment(
      {},
      {
        JESSICA_HOME: '/data/jessica',
        JESSICA_PG_URL: 'postgres://analyst:hunter2@db.example:5432/team',
        JESSICA_TEST_PG_URL: 'postgres://postgres@127.0.0.1:5432/test',
        JESSICA_TOKEN: 'abc123',
        JESSICA_PG_PASSWORD: 'hunter2',
        NODE_OPTIONS: '--max-old-space-size=8192',
        UV_THREADPOOL_SIZE: '8',
        PATH: '/usr/bin',
        PGPASSWORD: 'hunter2',
      },
    ).env;
    expect(env).toEqual({
      JESSICA_HOME: '/data/jessica',
      JESSICA_PG_PASSWORD: '***',
      JESSICA_PG_URL: 'postgres://analyst:***@db.example:5432/team',
      JESSICA_TEST_PG_URL: 'postgres://postgres@127.0.0.1:5432/test',
      JESSICA_TOKEN: '***',
      NODE_OPTIONS: '--max-old-space-size=8192',
      UV_THREADPOOL_SIZE: '8',
    });
    expect(JSON.stringify(env)).not.toContain('hunter2');
  });
});
