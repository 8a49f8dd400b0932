// The bridge as a page (or anything holding the token) uses it: over HTTP, on a real core and SQLite in a
// fresh JESSICA_HOME. File paths reach only the workspace, and failures never carry a file's data lines.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';
import { createBridge, type Bridge } from './createBridge.ts';
import { eventually, fakeRendererBuild, openEventSocket, rpc } from './testing/loopback.ts';

const token = 'confinement-token';
let home: string;
let outside: string;
let rendererDir: string;
let core: Core;
let bridge: Bridge;

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-confined-bridge-'));
  outside = path.join(home, 'outside');
  mkdirSync(outside);
  rendererDir = fakeRendererBuild();
  core = createCore(openServices({ home, highsWorkers: 1 }));
  bridge = await createBridge({ core, token, rendererDir, workspace: path.join(home, 'workspace'), port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await bridge?.close();
  await core?.services.close();
  rmSync(home, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

type Answer = { ok: boolean; value?: unknown; error?: { code: string; message: string; where?: Record<string, unknown> } };
const call = async (method: string, args: unknown): Promise<Answer> => (await rpc(bridge.port, token, method, args)).envelope as Answer;

/** Lines of a file long enough to be telling if an answer repeated them. */
const telltaleLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length >= 8);

describe('paths the bridge admits', () => {
  it('refuses to read a file outside the workspace, naming the argument and quoting nothing of it', async () => {
    for (const file of ['/etc/shadow', '/etc/passwd']) {
      const answer = await call('data/import', { universe: 'stolen', pricesFile: file });
      expect(answer, file).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'pricesFile' }, message: expect.stringContaining(`${file} is outside the workspace ${bridge.workspace}`) } });
      if (existsSync(file)) for (const line of telltaleLines(file)) expect(JSON.stringify(answer)).not.toContain(line);
    }
    const viaJob = await call('jobs/start', { method: 'data/import', args: { universe: 'stolen', pricesFile: '../../../../etc/passwd' } });
    expect(viaJob).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'pricesFile' } } });
    expect((await call('jobs/list', {})).value).toEqual([]);
  });

  it('refuses to write outside the workspace: an absolute path, `..`, a link leading out', async () => {
    const victim = path.join(outside, 'victim.csv');
    writeFileSync(victim, 'precious\n');
    symlinkSync(outside, path.join(bridge.workspace, 'way-out'));
    const attempts: [string, Record<string, unknown>, string][] = [
      ['accounts/generate', { count: 2, out: victim }, 'out'],
      ['accounts/generate', { count: 2, out: '../outside/victim.csv' }, 'out'],
      ['accounts/generate', { count: 2, out: 'way-out/victim.csv' }, 'out'],
      ['accounts/generate', { count: 2, out: 'book.csv', holdingsOut: path.join(outside, 'lots.csv') }, 'holdingsOut'],
      ['portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', writeModel: path.join(outside, 'model.lp') }, 'writeModel'],
      ['portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', out: 'way-out/run' }, 'out'],
      ['book/minimums', { universe: 'demo', useCase: 'index-tracking', teTarget: 0.01, out: outside }, 'out'],
    ];
    for (const [method, args, field] of attempts) {
      const answer = await call(method, args);
      expect(answer, `${method} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field } } });
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readdirSync(outside).sort()).toEqual(['victim.csv']);
    expect(existsSync(path.join(bridge.workspace, 'book.csv'))).toBe(false);
  });

  it('reads and writes by relative name in the workspace', async () => {
    expect(await call('accounts/generate', { count: 5, seed: 3, out: 'books/demo.csv', holdingsOut: 'books/lots.csv' })).toMatchObject({ ok: true, value: { accounts: 5 } });
    expect(existsSync(path.join(bridge.workspace, 'books/demo.csv'))).toBe(true);
    expect(await call('accounts/import', { file: 'books/demo.csv', holdingsFile: 'books/lots.csv', book: 'demo' })).toMatchObject({ ok: true, value: { accounts: 5 } });
  });
});

describe('what a failed import answers', () => {
  const secret = 'hunter2-line-two-secret';

  beforeAll(() => {
    writeFileSync(path.join(bridge.workspace, 'leaky.csv'), `date,ticker,close\n2024-01-02,AAA,${secret}\n2024-01-03,AAA,10\n`);
    copyFileSync('/etc/passwd', path.join(bridge.workspace, 'passwd-copy'));
  });

  it('names the file, line and field but not the value on line 2, called directly', async () => {
    const answer = await call('data/import', { universe: 'leaky', pricesFile: 'leaky.csv' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad-input', where: { file: 'leaky.csv', line: 2, field: 'close' }, message: expect.stringMatching(/^leaky\.csv line 2, field close: /) } });
    expect(JSON.stringify(answer)).not.toContain(secret);
  });

  it('nor as a job: not in jobs/finished on the event socket, jobs/show or jobs/list', async () => {
    const socket = await openEventSocket(bridge.port, token);
    try {
      const started = await call('jobs/start', { method: 'data/import', args: { universe: 'leaky', pricesFile: 'leaky.csv' } });
      const jobId = (started.value as { id: string }).id;
      await eventually(() => socket.frames.some((f) => f.event === 'jobs/finished'), 'jobs/finished');
      const finished = socket.frames.find((f) => f.event === 'jobs/finished');
      expect(finished).toMatchObject({ payload: { job: { id: jobId, state: 'failed', outcome: { ok: false, error: { where: { file: 'leaky.csv', line: 2 } } } } } });
      for (const answer of [finished, await call('jobs/show', { jobId }), await call('jobs/list', {})]) expect(JSON.stringify(answer)).not.toContain(secret);
    } finally {
      socket.close();
    }
  });

  it('nor any line of a copy of /etc/passwd past its first', async () => {
    const answer = JSON.stringify(await call('data/import', { universe: 'passwd', pricesFile: 'passwd-copy' }));
    expect(answer).toMatch(/"ok":false/);
    for (const line of telltaleLines('/etc/passwd').slice(1)) expect(answer).not.toContain(line);
  });
});
