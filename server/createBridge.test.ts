import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createCore, type Core } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';
import { createBridge, type Bridge } from './createBridge.ts';
import { eventually, fakeRendererBuild, loopbackRequest, openEventSocket, rpc } from './testing/loopback.ts';

const token = 'test-token-3f9c';
let home: string;
let rendererDir: string;
let core: Core;
let bridge: Bridge;

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-bridge-'));
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

const json = (text: string) => JSON.parse(text) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };

describe('POST /rpc/domain/verb', () => {
  it('answers the core envelope with the token as a Bearer header', async () => {
    const { status, envelope } = await rpc(bridge.port, token, 'data/list', {});
    expect(status).toBe(200);
    expect(envelope).toEqual({ ok: true, value: expect.arrayContaining([expect.objectContaining({ name: 'demo' })]) });
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${token}`);
  });

  it('refuses a call without the token, with a wrong one, or with the token only in the query', async () => {
    const body = '{}';
    const headers = { 'content-type': 'application/json' };
    const none = await loopbackRequest(bridge.port, { method: 'POST', path: '/rpc/data/list', headers, body });
    const wrong = await loopbackRequest(bridge.port, { method: 'POST', path: '/rpc/data/list', headers: { ...headers, authorization: 'Bearer test-token-3f9d' }, body });
    const query = await loopbackRequest(bridge.port, { method: 'POST', path: `/rpc/data/list?token=${token}`, headers, body });
    for (const r of [none, wrong, query]) {
      expect(r.status).toBe(401);
      expect(json(r.text)).toEqual({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/token/) } });
    }
  });

  it('needs the token however the path is spelled: the router decodes %-escapes and dot segments', async () => {
    const headers = { 'content-type': 'application/json' };
    for (const spelling of ['/%72pc/data/list', '/%72%70%63/data/list', '/rpc/data%2Flist', '/./rpc/data/list', '/rpc/../rpc/data/list']) {
      const r = await loopbackRequest(bridge.port, { method: 'POST', path: spelling, headers, body: '{}' });
      expect(r.status, spelling).not.toBe(200);
      expect(r.text, spelling).not.toMatch(/"ok":true/);
    }
    const socket = await loopbackRequest(bridge.port, { path: '/%65vents', headers: { connection: 'upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    expect(socket.status).not.toBe(101);
  });

  it('answers an unknown method and invalid arguments with HTTP 200 and the error envelope', async () => {
    const unknown = await rpc(bridge.port, token, 'portfolio/explode', {});
    expect(unknown.status).toBe(200);
    expect(unknown.envelope).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    const bad = await rpc(bridge.port, token, 'portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: -3 });
    expect(bad.status).toBe(200);
    expect(bad.envelope).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'lookback' } } });
  });

  it('answers a body that is not JSON, too large or of another type with a 4xx envelope', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const broken = await loopbackRequest(bridge.port, { method: 'POST', path: '/rpc/data/list', headers: { ...auth, 'content-type': 'application/json' }, body: '{"universe":' });
    expect(broken.status).toBe(400);
    expect(json(broken.text)).toMatchObject({ ok: false, error: { code: 'bad-input' } });

    const huge = JSON.stringify({ universe: 'x'.repeat(2 * 1024 * 1024) });
    const large = await loopbackRequest(bridge.port, { method: 'POST', path: '/rpc/data/members', headers: { ...auth, 'content-type': 'application/json' }, body: huge });
    expect(large.status).toBe(413);
    expect(json(large.text)).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/over 1048576 bytes/) } });

    // what a cross-site <form> can send without a preflight
    const form = await loopbackRequest(bridge.port, { method: 'POST', path: '/rpc/data/list', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    expect(json(form.text)).toMatchObject({ ok: false, error: { code: 'bad-input', message: 'send the arguments as application/json' } });
  });

  it('reads no arguments from an empty body', async () => {
    const r = await loopbackRequest(bridge.port, { method: 'POST', path: '/rpc/usecases/list', headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    expect(json(r.text)).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ id: 'index-tracking' })]) });
  });
});

describe('who may call', () => {
  it('refuses a Host that is not the loopback port (DNS rebinding), accepts localhost', async () => {
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    for (const host of ['attacker.example', `attacker.example:${bridge.port}`, '127.0.0.1', `127.0.0.1:${bridge.port + 1}`]) {
      const rpcCall = await loopbackRequest(bridge.port, { method: 'POST', path: '/rpc/data/list', headers: { ...auth, host }, body: '{}' });
      expect(rpcCall.status, host).toBe(403);
      const page = await loopbackRequest(bridge.port, { path: '/', headers: { host } });
      expect(page.status, host).toBe(403);
      expect(page.text).not.toMatch(/<html/);
    }
    const viaLocalhost = await loopbackRequest(bridge.port, { method: 'POST', path: '/rpc/data/list', headers: { ...auth, host: `localhost:${bridge.port}` }, body: '{}' });
    expect(viaLocalhost.status).toBe(200);
  });

  it('refuses calls from another site, and never answers with CORS headers', async () => {
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const foreign = await loopbackRequest(bridge.port, { method: 'POST', path: '/rpc/data/list', headers: { ...auth, origin: 'https://attacker.example' }, body: '{}' });
    expect(foreign.status).toBe(403);
    const own = await loopbackRequest(bridge.port, { method: 'POST', path: '/rpc/data/list', headers: { ...auth, origin: `http://127.0.0.1:${bridge.port}` }, body: '{}' });
    expect(own.status).toBe(200);
    const preflight = await loopbackRequest(bridge.port, {
      method: 'OPTIONS',
      path: '/rpc/data/list',
      headers: { origin: 'https://attacker.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    for (const r of [foreign, own, preflight]) {
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('the built renderer', () => {
  it('serves index.html with a strict CSP and no token, and keeps the token out of referrers', async () => {
    const r = await loopbackRequest(bridge.port, { path: `/?token=${token}` });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.text).toMatch(/app-1a2b\.js/);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toMatch(/(^|; )default-src 'self'(;|$)/);
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${bridge.port}`);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it("serves assets, falls back to index.html for the app's routes, and 404s a missing asset", async () => {
    const asset = await loopbackRequest(bridge.port, { path: '/assets/app-1a2b.js' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.text).toBe('document.title = "Jessica";\n');

    const route = await loopbackRequest(bridge.port, { path: '/runs/12' });
    expect(route.status).toBe(200);
    expect(route.text).toMatch(/app-1a2b\.js/);
    expect(route.headers['content-security-policy']).toMatch(/default-src 'self'/);

    expect((await loopbackRequest(bridge.port, { path: '/assets/missing.js' })).status).toBe(404);
  });

  it('will not start without a build to serve', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'jessica-no-renderer-'));
    try {
      await expect(createBridge({ core, token, rendererDir: empty, workspace: path.join(home, 'workspace'), port: 0 })).rejects.toThrow(/index\.html is missing/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('GET /events', () => {
  const connect = (url: string, headers: Record<string, string> = {}) =>
    new Promise<string>((resolve) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => {
        socket.close();
        resolve('open');
      });
      socket.once('error', (error) => resolve(error.message));
    });

  it('rejects a socket without the token, with a wrong one, or from another Host', async () => {
    const base = `ws://127.0.0.1:${bridge.port}/events`;
    expect(await connect(base)).toMatch(/401/);
    expect(await connect(`${base}?token=nope`)).toMatch(/401/);
    expect(await connect(`${base}?token=${token}`, { host: 'attacker.example' })).toMatch(/403/);
    expect(await connect(`${base}?token=${token}`, { origin: 'https://attacker.example' })).toMatch(/403/);
    expect(await connect(`${base}?token=${token}`)).toBe('open');
  });

  it('forwards core events as {event, payload}: the rows an import has read', async () => {
    writeFileSync(path.join(bridge.workspace, 'prices.csv'), 'date,ticker,close\n2024-01-02,AAA,10\n2024-01-02,BBB,20\n2024-01-03,AAA,11\n2024-01-03,BBB,19\n');
    const socket = await openEventSocket(bridge.port, token);
    try {
      const { envelope } = await rpc(bridge.port, token, 'data/import', { universe: 'pair', pricesFile: 'prices.csv' });
      expect(envelope).toMatchObject({ ok: true, value: { universe: 'pair', rows: 4 } });
      await eventually(() => socket.frames.some((f) => f.event === 'data/progress'), 'data/progress');
      expect(socket.frames.filter((f) => f.event === 'data/progress').at(-1)).toEqual({ event: 'data/progress', payload: { universe: 'pair', rows: 4 } });
    } finally {
      socket.close();
    }
  });
});
