import type { Envelope } from '../api/envelope.ts';
import type { PathPicker } from '../api/pathPicking.ts';
import type { Transport } from '../api/transport.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL, PICK_PATH_CHANNEL, type EventMessage } from './ipcChannels.ts';

/** The part of Electron's ipcRenderer the preload uses; a test passes a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
}

function isEventMessage(message: unknown): message is EventMessage {
  return typeof message === 'object' && message !== null && typeof (message as EventMessage).event === 'string';
}

/** What the desktop page gets as `window.jessica`. */
export type DesktopBridge = Transport & PathPicker;

/**
 * `window.jessica`: the api Transport and the file dialog (api/pathPicking.ts), nothing of Electron. The
 * page never sees ipcRenderer or an IPC event object (whose `sender` would reach back into Electron); it
 * gets envelopes, payloads and picked paths. One IPC listener fans events out to the page's handlers,
 * however many it subscribes.
 */
export function preloadApi(ipcRenderer: IpcRendererLike): DesktopBridge {
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  ipcRenderer.on(EVENT_CHANNEL, (_event, message) => {
    if (!isEventMessage(message)) return;
    for (const handler of handlers.get(message.event) ?? []) handler(message.payload);
  });

  return {
    invoke: (method, args) => ipcRenderer.invoke(INVOKE_CHANNEL, method, args) as Promise<Envelope<never>>,
    pickPath: (request) => ipcRenderer.invoke(PICK_PATH_CHANNEL, request) as Promise<string | null>,
    subscribe(event, handler) {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      const entry = handler as (payload: unknown) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };
}
