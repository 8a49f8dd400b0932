import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';
import { bindCore, type IpcMainLike, type WebContentsLike } from './ipcBinding.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipcChannels.ts';

let home: string;
let core: Core;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-ipc-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

type Invoke = (event: { sender: { id: number } }, ...args: unknown[]) => unknown;

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
    const binding = bindCore(ipc, core);
    const window = fakeWindow(3);
    binding.attach(window.contents);
    const envelope = await ipc.invoke!({ sender: { id: 3 } }, 'usecases/show', { id: 'index-tracking' });
    expect(envelope).toEqual(JSON.parse(JSON.stringify(await core.dispatch('usecases/show', { id: 'index-tracking' }))));
    expect(await ipc.invoke!({ sender: { id: 3 } }, 42, {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    binding.dispose();
  });

  it('sends core events to every attached window until it is destroyed, and none after dispose', () => {
    const binding = bindCore(fakeIpcMain(), core);
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
    const binding = bindCore(ipc, core);
    const window = fakeWindow(5);
    const detach = binding.attach(window.contents);
    detach();
    expect(await ipc.invoke!({ sender: { id: 5 } }, 'data/list', {})).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    binding.dispose();
  });
});
