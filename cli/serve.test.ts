import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './testing/runJessica.ts';

let home: string;
const running: ChildProcess[] = [];

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-serve-'));
});
afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

interface Serving {
  child: ChildProcess;
  stdout: string[];
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `jessica serve` as a user would and waits for its machine-readable line (or its exit). */
async function serve(args: string[], env: Record<string, string> = {}): Promise<Serving & { listening?: { port: number; url: string; workspace: string } }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/jessica.mjs'), 'serve', ...args], {
    env: { ...process.env, JESSICA_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  const stdout: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = await new Promise<{ port: number; url: string; workspace: string } | undefined>((resolve) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        stdout.push(line);
        if (line.startsWith('{')) resolve(JSON.parse(line));
      }
    });
    void exited.then(() => resolve(undefined));
  });
  return { child, stdout, stderr: () => stderr, exited, listening };
}

async function call(port: number, token: string, method: string, args: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const response = await fetch(`http://127.0.0.1:${port}/rpc/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

/** A long prices CSV of `rows` rows (1,000 tickers a day), written in chunks: an import of it takes many seconds. */
async function writeLongPrices(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('date,ticker,close\n');
  const day = Date.UTC(2000, 0, 3);
  for (let row = 0; row < rows; ) {
    let chunk = '';
    for (let i = 0; i < 50_000 && row < rows; i++, row++) {
      const date = new Date(day + Math.floor(row / 1000) * 86_400_000).toISOString().slice(0, 10);
      chunk += `${date},T${String(row % 1000).padStart(4, '0')},${(50 + (row % 97)).toFixed(2)}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('jessica serve', () => {
  it('serves the built app and the API on 127.0.0.1 with the token of its address, and stops on SIGTERM', async () => {
    const s = await serve(['--port', '0'], { JESSICA_TOKEN: 'pinned-token-1' });
    expect(s.listening, s.stderr()).toBeDefined();
    const { port, url } = s.listening!;
    expect(url).toBe(`http://127.0.0.1:${port}/?token=pinned-token-1`);
    expect(s.stdout[0]).toBe(`Jessica is running at ${url}`);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${port}`);

    const call = await fetch(`http://127.0.0.1:${port}/rpc/data/list`, {
      method: 'POST',
      headers: { authorization: 'Bearer pinned-token-1', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await call.json()).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ name: 'demo' })]) });
    const refused = await fetch(`http://127.0.0.1:${port}/rpc/data/list`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(refused.status).toBe(401);

    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.stderr()).toMatch(/SIGTERM: stopping/);
    await expect(fetch(url)).rejects.toThrow();
  }, 240_000);

  it('draws a new token each launch, refuses a port in use, and stops on SIGINT', async () => {
    const first = await serve(['--port', '0']);
    expect(first.listening, first.stderr()).toBeDefined();
    const token = new URL(first.listening!.url).searchParams.get('token')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const second = await serve(['--port', String(first.listening!.port)]);
    expect(second.listening).toBeUndefined();
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toBe(`jessica: port ${first.listening!.port} on 127.0.0.1 is in use: pass --port N, or --port 0 for a free one\n`);

    const third = await serve(['--port', '0']);
    expect(new URL(third.listening!.url).searchParams.get('token')).not.toBe(token);
    third.child.kill('SIGINT');
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(await third.exited).toBe(0);
  }, 240_000);

  describe('stopping while a long import runs', () => {
    let workspace: string;
    beforeAll(async () => {
      workspace = path.join(home, 'chosen-workspace');
      mkdirSync(workspace);
      await writeLongPrices(path.join(workspace, 'long-prices.csv'), 3_000_000);
    }, 120_000);
    const stagingFiles = () => readdirSync(home).filter((name) => name.includes('.staging-'));

    /** SIGTERM once the import has read rows: the process must be gone within 2 s, its staging file too. */
    async function stopsInTime(s: Serving): Promise<void> {
      const signalled = Date.now();
      s.child.kill('SIGTERM');
      const code = await s.exited;
      const seconds = (Date.now() - signalled) / 1000;
      expect(seconds, s.stderr()).toBeLessThan(2);
      expect(code, s.stderr()).toBe(0);
      expect(s.stderr()).toBe('jessica: SIGTERM: stopping\n');
      expect(stagingFiles()).toEqual([]);
    }

    it('as a job, in the workspace given by --workspace', async () => {
      const s = await serve(['--port', '0', '--workspace', workspace], { JESSICA_TOKEN: 'stop-token' });
      expect(s.listening, s.stderr()).toBeDefined();
      const { port } = s.listening!;
      expect(s.listening!.workspace).toBe(realpathSync(workspace));
      expect(s.stdout[1]).toBe(`It reads and writes files in ${realpathSync(workspace)} (relative paths start there)`);

      const started = await call(port, 'stop-token', 'jobs/start', { method: 'data/import', args: { universe: 'long', pricesFile: 'long-prices.csv' } });
      expect(started, JSON.stringify(started)).toMatchObject({ ok: true, value: { state: 'running' } });
      const jobId = (started.value as { id: string }).id;
      // reading: it has reported rows, so its staging database is being written
      for (let progress: unknown = null; progress === null; ) {
        const shown = await call(port, 'stop-token', 'jobs/show', { jobId });
        expect(shown.value, JSON.stringify(shown)).toMatchObject({ state: 'running' });
        progress = (shown.value as { progress: unknown }).progress;
        if (progress === null) await new Promise((r) => setTimeout(r, 20));
      }
      expect(stagingFiles()).toHaveLength(1);
      await stopsInTime(s);
    }, 240_000);

    it('as a direct call the page awaits', async () => {
      const s = await serve(['--port', '0', '--workspace', workspace], { JESSICA_TOKEN: 'stop-token' });
      expect(s.listening, s.stderr()).toBeDefined();
      const answer = call(s.listening!.port, 'stop-token', 'data/import', { universe: 'long', pricesFile: 'long-prices.csv' }).catch((error: Error) => error);
      const deadline = Date.now() + 30_000;
      while (stagingFiles().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(stagingFiles()).toHaveLength(1);
      await stopsInTime(s);
      // the socket closed under the call: the page sees the server gone, not an answer
      expect(await answer).toBeInstanceOf(Error);
    }, 240_000);
  });

  it('exits 1 with the reason on a port that is not one', async () => {
    const s = await serve(['--port', '70000']);
    expect(await s.exited).toBe(1);
    expect(s.stderr()).toMatch(/"70000" is not a port/);
  }, 60_000);
});
