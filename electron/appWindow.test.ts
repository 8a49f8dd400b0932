import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { openAppWindow } from './appWindow.ts';

/** Stands in for BrowserWindow: keeps the options the app window was opened with. */
class RecordingWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

describe('the app window', () => {
  const { options } = openAppWindow(RecordingWindow, '/app/dist/electron/preload/preload.cjs');
  const web = options.webPreferences!;

  it('gives the page no Node: sandboxed, context-isolated, only the preload between it and the main process', () => {
    expect(web.preload).toBe('/app/dist/electron/preload/preload.cjs');
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and the risky features off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web.disableBlinkFeatures).toBe('Auxclick');
    expect(web.enableBlinkFeatures).toBeUndefined();
  });

  it('opens hidden, to be shown once the page is ready', () => {
    expect(options.show).toBe(false);
  });
});
