import type { Transport } from '../../../api/transport.ts';

/** What Electron's preload exposes on window: the same two calls as a Transport, over one IPC channel. */
export type IpcBridge = Transport;

declare global {
  interface Window {
    jessica?: IpcBridge;
  }
}

/** The desktop's way to the core: the preload's `invoke` and `subscribe`, passed through unchanged. */
export function ipcTransport(bridge: IpcBridge): Transport {
  return {
    invoke: (method, args) => bridge.invoke(method, args),
    subscribe: (event, handler) => bridge.subscribe(event, handler),
  };
}
