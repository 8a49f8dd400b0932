// The conformance test of DESIGN section 2: the same calls through the desktop shell's IPC binding and
// through the browser shell's HTTP bridge, both bound to one real core, give identical envelopes and
// deliver the same events. Electron itself is replaced by fakes of ipcMain, webContents and ipcRenderer
// that pass messages through structuredClone, as Electron's IPC serializes them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transport } from '../api/transport.ts';
import { createCore, type Core } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';
import { APP_ORIGIN } from '../electron/appProtocol.ts';
import { bindCore, type CoreBinding, type IpcMainLike, type WebContentsLike } from '../electron/ipcBinding.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../electron/ipcChannels.ts';
import { preloadApi, type IpcRendererLike } from '../electron/preloadApi.ts';
import { createBridge, type Bridge } from './createBridge.ts';
import { eventually, fakeRendererBuild, openEventSocket, rpc, type EventSocket } from './testing/loopback.ts';

type Listener = (event: unknown, ...args: unknown[]) => unknown;

/** One window of the desktop shell with Electron's IPC faked: what the page gets is the preload's Transport. */
function fakeDesktopWindow(): { ipcMain: IpcMainLike; contents: WebContentsLike; page: Transport } {
  const handlers = new Map<string, Listener>();
  const pageListeners: Listener[] = [];
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => handlers.set(channel, listener as Listener),
    removeHandler: (channel) => handlers.delete(channel),
  };
  const contents: WebContentsLike = {
    id: 1,
    send: (channel, ...args) => {
      if (channel === EVENT_CHANNEL) for (const listener of pageListeners) listener({}, ...args.map((a) => structuredClone(a)));
    },
    isDestroyed: () => false,
    once: () => contents,
  };
  const ipcRenderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      const event = { sender: contents, senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
      return structuredClone(await handler(event, ...args.map((a) => structuredClone(a))));
    },
    on: (channel, listener) => {
      if (channel === EVENT_CHANNEL) pageListeners.push(listener as Listener);
    },
  };
  return { ipcMain, contents, page: preloadApi(ipcRenderer) };
}

const token = 'conformance-token';
let home: string;
let rendererDir: string;
let core: Core;
let bridge: Bridge;
let binding: CoreBinding;
let desktop: ReturnType<typeof fakeDesktopWindow>;
/** both shells confine the page's paths to the same workspace */
let workspace: string;
const binds = (ipcMain: IpcMainLike) => bindCore(ipcMain, core, { confinement: { workspace }, appOrigins: [APP_ORIGIN] });

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-conformance-'));
  rendererDir = fakeRendererBuild();
  core = createCore(openServices({ home, highsWorkers: 1 }));
  bridge = await createBridge({ core, token, rendererDir, workspace: path.join(home, 'workspace'), port: 0, host: '127.0.0.1' });
  workspace = bridge.workspace;
  desktop = fakeDesktopWindow();
  binding = binds(desktop.ipcMain);
  binding.attach(desktop.contents);
});
afterAll(async () => {
  binding?.dispose();
  await bridge?.close();
  await core?.services.close();
  rmSync(home, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

async function bothShells(method: string, args: unknown): Promise<{ ipc: unknown; http: unknown }> {
  const ipc = await desktop.page.invoke(method as never, args as never);
  const http = await rpc(bridge.port, token, method, args);
  expect(http.status).toBe(200);
  return { ipc, http: http.envelope };
}

/** Fields that differ between two runs of the same job: its stored run id and the time each stage took. */
function withoutRunFacts(envelope: unknown): unknown {
  const e = envelope as { ok: boolean; value?: Record<string, unknown> };
  if (!e.ok || !e.value) return e;
  const { runId: _runId, spans: _spans, seconds: _seconds, ...value } = e.value;
  return { ...e, value };
}

describe('the IPC binding and the HTTP bridge answer alike', () => {
  it('data/list and usecases/list', async () => {
    for (const method of ['data/list', 'usecases/list']) {
      const { ipc, http } = await bothShells(method, {});
      expect(ipc, method).toMatchObject({ ok: true });
      expect(ipc, method).toStrictEqual(http);
    }
  });

  it('usecases/show of an unknown use case: bad-input naming the field', async () => {
    const { ipc, http } = await bothShells('usecases/show', { id: 'no-such-use-case' });
    expect(ipc).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'id' }, message: expect.stringMatching(/no-such-use-case/) } });
    expect(ipc).toStrictEqual(http);
  });

  it('an unknown method', async () => {
    const { ipc, http } = await bothShells('portfolio/explode', {});
    expect(ipc).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(ipc).toStrictEqual(http);
  });

  it('arguments the contract rejects (the zod issues travel as details)', async () => {
    const { ipc, http } = await bothShells('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: -3, colour: 'red' });
    expect(ipc).toMatchObject({ ok: false, error: { code: 'bad-input', details: expect.any(Array) } });
    expect(ipc).toStrictEqual(http);
  });

  it('a path outside the workspace: refused alike, naming the argument', async () => {
    const { ipc, http } = await bothShells('data/import', { universe: 'outside', pricesFile: '/etc/passwd' });
    expect(ipc).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'pricesFile' }, message: expect.stringMatching(/outside the workspace/) } });
    expect(ipc).toStrictEqual(http);
  });

  it('portfolio/optimize on the demo market: the same portfolio, run id and stage timings aside', async () => {
    const args = { universe: 'demo', useCase: 'index-tracking', lookback: 120, maxWeight: 0.05 };
    const { ipc, http } = await bothShells('portfolio/optimize', args);
    expect(ipc).toMatchObject({ ok: true, value: { status: 'optimal', universe: 'demo', spans: expect.any(Array) } });
    // two runs, stored one after the other
    const runIds = [ipc, http].map((e) => (e as { value: { runId: number } }).value.runId);
    expect(runIds[1]).toBe(runIds[0]! + 1);
    expect(withoutRunFacts(ipc)).toStrictEqual(withoutRunFacts(http));
  });
});

describe('events reach both shells', () => {
  let socket: EventSocket;
  const desktopEvents: unknown[] = [];

  beforeAll(async () => {
    socket = await openEventSocket(bridge.port, token);
    desktop.page.subscribe('data/progress', (payload) => desktopEvents.push(payload));
  });
  afterAll(() => socket?.close());

  it('data/progress of an import started on either shell', async () => {
    writeFileSync(path.join(workspace, 'prices.csv'), 'date,ticker,close\n2024-01-02,AAA,10\n2024-01-02,BBB,20\n2024-01-03,AAA,11\n2024-01-03,BBB,19\n2024-01-04,AAA,12\n');
    const socketProgress = () => socket.frames.filter((f) => f.event === 'data/progress').map((f) => f.payload);

    const { ipc, http } = await bothShells('data/import', { universe: 'five-rows', pricesFile: 'prices.csv' });
    expect(ipc).toMatchObject({ ok: true, value: { universe: 'five-rows', rows: 5 } });
    expect(withoutRunFacts(ipc)).toStrictEqual(withoutRunFacts(http));

    await eventually(() => socketProgress().length >= 2, 'two data/progress frames');
    const final = { universe: 'five-rows', rows: 5 };
    // each import reports its final row count at least; both shells saw the same events in the same order
    expect(socketProgress().filter((p) => JSON.stringify(p) === JSON.stringify(final))).toHaveLength(2);
    expect(desktopEvents).toStrictEqual(socketProgress());
  });
});

describe('the IPC binding alone', () => {
  it('answers only the windows attached to it', async () => {
    const stranger = fakeDesktopWindow();
    const other = binds(stranger.ipcMain);
    try {
      const envelope = await stranger.page.invoke('data/list', {});
      expect(envelope).toEqual({ ok: false, error: { code: 'bad-input', message: 'this window may not call the Jessica core' } });
    } finally {
      other.dispose();
    }
  });

  it('registers exactly one channel and removes it on dispose', () => {
    const channels: string[] = [];
    const ipcMain: IpcMainLike = { handle: (channel) => channels.push(channel), removeHandler: (channel) => channels.splice(channels.indexOf(channel), 1) };
    const b = binds(ipcMain);
    expect(channels).toEqual([INVOKE_CHANNEL]);
    b.dispose();
    expect(channels).toEqual([]);
  });
});
