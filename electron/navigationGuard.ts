/** What a handler can do with a navigation or webview event: stop it. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's WebContents the guard sets; a test passes a fake. */
export interface GuardableContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * The app is one page with in-page routes (which do not emit 'will-navigate'), so any navigation is
 * either a link in imported data or an attack: the window never leaves the app, never opens another
 * window and never attaches a <webview>. Links are not handed to the system browser either, so a
 * crafted URL cannot reach `shell.openExternal`.
 */
export function guardWebContents(contents: GuardableContents): void {
  const stop = (event: PreventableEvent) => event.preventDefault();
  contents.on('will-navigate', stop);
  contents.on('will-redirect', stop);
  contents.on('will-attach-webview', stop);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
