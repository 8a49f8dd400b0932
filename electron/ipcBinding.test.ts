import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';
import { PickedPaths } from '../core/workspace/pickedPaths.ts';
import { defaultWorkspace, openWorkspace } from '../core/workspace/workspaceDirectory.ts';
import { APP_ORIGIN } from './appProtocol.ts';
import { bindCore, type CoreBinding, type IpcMainLike, type WebContentsLike } from './ipcBinding.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipcChannels.ts';
import type { FrameLike, IpcEventLike } from './senderFrame.ts';

let home: string;
let workspace: string;
let core: Core;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-ipc-'));
  workspace = openWorkspace(defaultWorkspace(home));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

type Invoke = (event: IpcEventLike, ...args: unknown[]) => unknown;

/** The app page's main frame, as Electron describes the sender of a message. */
const appFrame: FrameLike = { url: `${APP_ORIGIN}/index.html`, parent: null };
const fromApp = (id: number, frame: FrameLike | null = appFrame): IpcEventLike => ({ sender: { id }, senderFrame: frame });

function bind(ipc: IpcMainLike, picked?: PickedPaths): CoreBinding {
  return bindCore(ipc, core, { confinement: { workspace, ...(picked ? { picked } : {}) }, appOrigins: [APP_ORIGIN] });
}

function fakeIpcMain(): IpcMainLike & { invoke?: Invoke } {
  const ipc: IpcMainLike & { invoke?: Invoke } = {
    handle: (channel, listener) => {
      if (channel === INVOKE_CHANNEL) ipc.invoke = listener as Invoke;
    },
    removeHandler: () => (ipc.invoke = undefined),
  };
  return ipc;
}

function fakeWindow(id: number) {
  const received: unknown[] = [];
  let onDestroyed: (() => void) | undefined;
  let destroyed = false;
  const contents: WebContentsLike = {
    id,
    send: (channel, message) => {
      if (channel === EVENT_CHANNEL) received.push(message);
    },
    isDestroyed: () => destroyed,
    once: (_event, listener) => (onDestroyed = listener),
  };
  const destroy = () => {
    destroyed = true;
    onDestroyed?.();
  };
  return { contents, received, destroy };
}

describe('bindCore', () => {
  it("answers an attached window's call with the core's envelope, as plain JSON", async () => {
    const ipc = fakeIpcMain();
    const binding = bind(ipc);
    const window = fakeWindow(3);
    binding.attach(window.contents);
    const envelope = await ipc.invoke!(fromApp(3), 'usecases/show', { id: 'index-tracking' });
    expect(envelope).toEqual(JSON.parse(JSON.stringify(await core.dispatch('usecases/show', { id: 'index-tracking' }))));
    expect(await ipc.invoke!(fromApp(3), 42, {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    binding.dispose();
  });

  it('sends core events to every attached window until it is destroyed, and none after dispose', () => {
    const binding = bind(fakeIpcMain());
    const a = fakeWindow(1);
    const b = fakeWindow(2);
    binding.attach(a.contents);
    binding.attach(b.contents);
    core.services.events.emit('data/progress', { universe: 'u', rows: 1 });
    b.destroy();
    core.services.events.emit('data/progress', { universe: 'u', rows: 2 });
    binding.dispose();
    core.services.events.emit('data/progress', { universe: 'u', rows: 3 });

    expect(a.received).toEqual([
      { event: 'data/progress', payload: { universe: 'u', rows: 1 } },
      { event: 'data/progress', payload: { universe: 'u', rows: 2 } },
    ]);
    expect(b.received).toEqual([{ event: 'data/progress', payload: { universe: 'u', rows: 1 } }]);
  });

  it('refuses a window it was not given, even after that window asks again', async () => {
    const ipc = fakeIpcMain();
    const binding = bind(ipc);
    const window = fakeWindow(5);
    const detach = binding.attach(window.contents);
    detach();
    expect(await ipc.invoke!(fromApp(5), 'data/list', {})).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    binding.dispose();
  });
});

describe('the frame that calls', () => {
  const refusedFrames: [string, FrameLike | null][] = [
    ['a frame gone since it sent', null],
    ['an <iframe> of the app itself', { url: `${APP_ORIGIN}/index.html`, parent: appFrame }],
    ['an <iframe> of another site', { url: 'https://attacker.example/', parent: appFrame }],
    ['a main frame navigated to another site', { url: 'https://attacker.example/', parent: null }],
    ['a local file', { url: 'file:///etc/passwd', parent: null }],
    ['another host on the app scheme', { url: 'jessica://evil/index.html', parent: null }],
    ['a blank page', { url: 'about:blank', parent: null }],
    ['a frame without a URL', { url: '', parent: null }],
  ];

  it.each(refusedFrames)('refuses %s, in an attached window, without calling the core', async (_what, frame) => {
    let calls = 0;
    const counting = { dispatch: async () => ((calls += 1), { ok: true as const, value: null }), subscribe: () => () => undefined };
    const ipc = fakeIpcMain();
    const binding = bindCore(ipc, counting, { confinement: { workspace }, appOrigins: [APP_ORIGIN] });
    binding.attach(fakeWindow(7).contents);
    const envelope = await ipc.invoke!(fromApp(7, frame), 'data/list', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/call|gone/) } });
    expect(binding.refusal(fromApp(7, frame))).toBeDefined();
    expect(calls).toBe(0);
    expect(await ipc.invoke!(fromApp(7), 'data/list', {})).toEqual({ ok: true, value: null });
    expect(calls).toBe(1);
    binding.dispose();
  });

  it("admits the app's main frame, and the dev server's when it is one of the app's origins", async () => {
    const ipc = fakeIpcMain();
    const binding = bindCore(ipc, core, { confinement: { workspace }, appOrigins: [APP_ORIGIN, 'http://localhost:5173'] });
    binding.attach(fakeWindow(8).contents);
    expect(await ipc.invoke!(fromApp(8), 'usecases/list', {})).toMatchObject({ ok: true });
    expect(await ipc.invoke!(fromApp(8, { url: 'http://localhost:5173/#/data', parent: null }), 'usecases/list', {})).toMatchObject({ ok: true });
    expect(await ipc.invoke!(fromApp(8, { url: 'http://localhost:5174/', parent: null }), 'usecases/list', {})).toMatchObject({ ok: false });
    binding.dispose();
  });
});

describe("the page's file paths", () => {
  it('reach the workspace only, by relative name, and what the user picked for that use', async () => {
    const ipc = fakeIpcMain();
    const picked = new PickedPaths();
    const binding = bind(ipc, picked);
    binding.attach(fakeWindow(9).contents);
    const outside = path.join(home, 'outside-book.csv');

    const refused = await ipc.invoke!(fromApp(9), 'accounts/generate', { count: 3, out: outside });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'out' }, message: expect.stringMatching(/outside the workspace .*choose it in a file dialog/) } });
    expect(existsSync(outside)).toBe(false);
    const shadow = await ipc.invoke!(fromApp(9), 'data/import', { universe: 'x', pricesFile: '/etc/shadow' });
    expect(shadow).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'pricesFile' } } });

    expect(await ipc.invoke!(fromApp(9), 'accounts/generate', { count: 3, out: 'book.csv' })).toMatchObject({ ok: true, value: { accounts: 3 } });
    expect(existsSync(path.join(workspace, 'book.csv'))).toBe(true);

    // picked in an open dialog: readable, not writable; picked in a save dialog: writable
    picked.add(outside, 'read');
    expect(await ipc.invoke!(fromApp(9), 'accounts/generate', { count: 3, out: outside })).toMatchObject({ ok: false, error: { where: { field: 'out' } } });
    picked.add(outside, 'write');
    expect(await ipc.invoke!(fromApp(9), 'accounts/generate', { count: 3, out: outside })).toMatchObject({ ok: true });
    expect(existsSync(outside)).toBe(true);
    expect(await ipc.invoke!(fromApp(9), 'accounts/import', { file: outside, book: 'picked' })).toMatchObject({ ok: true, value: { accounts: 3 } });
    binding.dispose();
  });

  it('never hand back a value from a data line of a file that failed to import', async () => {
    const ipc = fakeIpcMain();
    const binding = bind(ipc);
    binding.attach(fakeWindow(10).contents);
    writeFileSync(path.join(workspace, 'leaky.csv'), 'date,ticker,close\n2024-01-02,AAA,hunter2-ipc-secret\n');
    const envelope = await ipc.invoke!(fromApp(10), 'data/import', { universe: 'leaky', pricesFile: 'leaky.csv' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'bad-input', where: { file: 'leaky.csv', line: 2 } } });
    expect(JSON.stringify(envelope)).not.toContain('hunter2');
    binding.dispose();
  });
});
