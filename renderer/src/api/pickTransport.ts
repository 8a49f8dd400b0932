import type { Transport } from '../../../api/transport.ts';
import { httpTransport } from './httpTransport.ts';
import { ipcTransport } from './ipcTransport.ts';
import { launchToken } from './launchToken.ts';

/** Electron's preload puts `window.jessica` in place before the page runs; without it this is the browser mode. */
export function pickTransport(win: Window): { transport: Transport; mode: 'desktop' | 'browser' } {
  if (win.jessica) return { transport: ipcTransport(win.jessica), mode: 'desktop' };
  const token = launchToken(win.location, win.sessionStorage, win.history);
  return { transport: httpTransport({ origin: win.location.origin, token }), mode: 'browser' };
}
