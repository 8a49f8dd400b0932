/** The parts of Electron's Session the guard sets; a test passes a fake. */
export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/**
 * The workbench needs no camera, microphone, notifications, geolocation, clipboard reads, MIDI,
 * USB or full screen requested by a page: every permission is denied, asked or merely checked.
 */
export function denyPermissionRequest(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
}

/**
 * Every response the session loads carries the app's CSP, whatever served it (the app protocol or,
 * in development, the renderer dev server); a header the server sent under another casing stays and
 * the browser enforces both, so this can only make a page stricter.
 */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  return { ...headers, 'Content-Security-Policy': [policy] };
}

export function guardSession(session: SessionLike, policy: string): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
}
