import { fail, type Envelope } from '../api/envelope.ts';
import { eventNames } from '../api/events.ts';
import type { Core } from '../core/createCore.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type EventMessage } from './ipcChannels.ts';

/** The part of Electron's WebContents the binding uses; a test passes a fake. */
export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The part of Electron's ipcMain the binding uses; a test passes a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { sender: { id: number } }, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface CoreBinding {
  /** lets one window call the core and receive its events, until the window is destroyed */
  attach(contents: WebContentsLike): () => void;
  /** removes the IPC handler and every event subscription */
  dispose(): void;
}

/**
 * What crosses IPC is the JSON text's value, not Electron's structured clone: both shells then hand the
 * renderer the same JSON-plain values (no `undefined` fields, Dates or NaN that HTTP would turn into
 * something else), which is what the conformance test holds them to.
 */
function jsonPlain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function plainEnvelope(envelope: Envelope<unknown>): unknown {
  try {
    return jsonPlain(envelope);
  } catch (error) {
    return fail({ code: 'internal', message: `the answer is not JSON: ${error instanceof Error ? error.message : String(error)}` });
  }
}

/**
 * Binds the core's `dispatch` to the single invoke channel and forwards every core event to the
 * attached windows. Only attached windows may call: a frame of any other WebContents (there should be
 * none, since navigation and new windows are blocked) gets an error envelope, never the core.
 */
export function bindCore(ipcMain: IpcMainLike, core: Pick<Core, 'dispatch' | 'subscribe'>): CoreBinding {
  const windows = new Map<number, WebContentsLike>();

  ipcMain.handle(INVOKE_CHANNEL, async (event, method, args) => {
    if (!windows.has(event.sender.id)) return fail({ code: 'bad-input', message: 'this window may not call the Jessica core' });
    if (typeof method !== 'string') return fail({ code: 'unknown-method', message: 'the method name must be a string, e.g. "data/list"' });
    return plainEnvelope(await core.dispatch(method, args));
  });

  const unsubscribes = eventNames.map((event) =>
    core.subscribe(event, (payload) => {
      const message: EventMessage = { event, payload: jsonPlain(payload) };
      for (const contents of windows.values()) {
        if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, message);
      }
    }),
  );

  return {
    attach(contents) {
      windows.set(contents.id, contents);
      const detach = () => windows.delete(contents.id);
      contents.once('destroyed', detach);
      return detach;
    },
    dispose() {
      ipcMain.removeHandler(INVOKE_CHANNEL);
      for (const unsubscribe of unsubscribes) unsubscribe();
      windows.clear();
    },
  };
}
