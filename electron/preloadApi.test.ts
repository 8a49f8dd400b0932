import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL, PICK_PATH_CHANNEL } from './ipcChannels.ts';
import { preloadApi, type IpcRendererLike } from './preloadApi.ts';

function recordingIpcRenderer() {
  const invoked: unknown[][] = [];
  const listeners: { channel: string; listener: (event: unknown, message: unknown) => void }[] = [];
  const ipcRenderer: IpcRendererLike = {
    invoke: async (...args) => {
      invoked.push(args);
      return { ok: true, value: [] };
    },
    on: (channel, listener) => listeners.push({ channel, listener }),
  };
  const push = (message: unknown) => {
    for (const l of listeners) if (l.channel === EVENT_CHANNEL) l.listener({ sender: 'not for the page' }, message);
  };
  return { ipcRenderer, invoked, listeners, push };
}

describe('window.jessica', () => {
  it('is the Transport and the file dialog, nothing else: invoke, subscribe, pickPath', () => {
    expect(Object.keys(preloadApi(recordingIpcRenderer().ipcRenderer)).sort()).toEqual(['invoke', 'pickPath', 'subscribe']);
  });

  it('asks the main process for a file dialog on its own channel, with the request alone', async () => {
    const ipc = recordingIpcRenderer();
    await preloadApi(ipc.ipcRenderer).pickPath({ purpose: 'open-file', title: 'Prices' });
    expect(ipc.invoked).toEqual([[PICK_PATH_CHANNEL, { purpose: 'open-file', title: 'Prices' }]]);
  });

  it('invokes the core on the one channel with the method and its arguments', async () => {
    const ipc = recordingIpcRenderer();
    const envelope = await preloadApi(ipc.ipcRenderer).invoke('data/list', {});
    expect(ipc.invoked).toEqual([[INVOKE_CHANNEL, 'data/list', {}]]);
    expect(envelope).toEqual({ ok: true, value: [] });
  });

  it('hands each subscriber only its event payload, through one IPC listener, until it unsubscribes', () => {
    const ipc = recordingIpcRenderer();
    const page = preloadApi(ipc.ipcRenderer);
    const seen: unknown[][] = [];
    const offProgress = page.subscribe('data/progress', (...args) => seen.push(['a', ...args]));
    page.subscribe('data/progress', (...args) => seen.push(['b', ...args]));
    page.subscribe('jobs/finished', (...args) => seen.push(['c', ...args]));
    expect(ipc.listeners).toHaveLength(1);

    ipc.push({ event: 'data/progress', payload: { universe: 'x', rows: 10 } });
    ipc.push('not an event message');
    offProgress();
    ipc.push({ event: 'data/progress', payload: { universe: 'x', rows: 20 } });
    expect(seen).toEqual([
      ['a', { universe: 'x', rows: 10 }],
      ['b', { universe: 'x', rows: 10 }],
      ['b', { universe: 'x', rows: 20 }],
    ]);
  });
});
