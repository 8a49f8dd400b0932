import { fail, type Envelope } from '../api/envelope.ts';
import { eventNames } from '../api/events.ts';
import type { Core } from '../core/createCore.ts';
import { confineCore } from '../core/workspace/confineCore.ts';
import type { Confinement } from '../core/workspace/confinePath.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type EventMessage } from './ipcChannels.ts';
import { senderFrameRefusal, type IpcEventLike } from './senderFrame.ts';

/** The part of Electron's WebContents the binding uses; a test passes a fake. */
export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The part of Electron's ipcMain the binding uses; a test passes a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface CoreBindingOptions {
  /** where the page's file paths may lead: the workspace and what the user picked in a dialog */
  confinement: Confinement;
  /** the origins of the app's own pages: its scheme (jessica://app), and the dev server when developing */
  appOrigins: readonly string[];
}

export interface CoreBinding {
  /** lets one window call the core and receive its events, until the window is destroyed */
  attach(contents: WebContentsLike): () => void;
  /** why the sender of an IPC message may not call the main process (any of its channels), or undefined */
  refusal(event: IpcEventLike): string | undefined;
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
 * attached windows. Only the main frame of an attached window, showing the app's own page, may call: any
 * other WebContents (there should be none, since navigation and new windows are blocked), a subframe or a
 * page of another origin gets an error envelope, never the core. The core it calls is confined
 * (core/workspace): the page's file paths reach only the workspace and what the user picked in a dialog.
 */
export function bindCore(ipcMain: IpcMainLike, unconfined: Pick<Core, 'dispatch' | 'subscribe'>, options: CoreBindingOptions): CoreBinding {
  const windows = new Map<number, WebContentsLike>();
  const core = confineCore(unconfined, options.confinement);

  const refusal = (event: IpcEventLike): string | undefined =>
    windows.has(event.sender.id) ? senderFrameRefusal(event, options.appOrigins) : 'this window may not call the Jessica core';

  ipcMain.handle(INVOKE_CHANNEL, async (event, method, args) => {
    const refused = refusal(event);
    if (refused !== undefined) return fail({ code: 'bad-input', message: refused });
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
    refusal,
    dispose() {
      ipcMain.removeHandler(INVOKE_CHANNEL);
      for (const unsubscribe of unsubscribes) unsubscribe();
      windows.clear();
    },
  };
}
