import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './contentSecurityPolicy.ts';
import { guardSession, type SessionLike } from './sessionGuard.ts';

type HeadersListener = Parameters<SessionLike['webRequest']['onHeadersReceived']>[0];

/** A Session stand-in that keeps the handlers the guard installs. */
function recordingSession() {
  const installed: {
    request?: Parameters<SessionLike['setPermissionRequestHandler']>[0];
    check?: Parameters<SessionLike['setPermissionCheckHandler']>[0];
    headers?: HeadersListener;
  } = {};
  const session: SessionLike = {
    setPermissionRequestHandler: (handler) => (installed.request = handler),
    setPermissionCheckHandler: (handler) => (installed.check = handler),
    webRequest: { onHeadersReceived: (listener) => (installed.headers = listener) },
  };
  return { session, installed };
}

describe('the session guard', () => {
  const policy = contentSecurityPolicy();
  const { session, installed } = recordingSession();
  guardSession(session, policy);

  it('denies every permission a page asks for', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'midiSysex', 'openExternal', 'fullscreen', 'unknown']) {
      const answers: boolean[] = [];
      installed.request!({}, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
      expect(installed.check!({}, permission), permission).toBe(false);
    }
  });

  it("puts the app's CSP on every response, keeping the response's other headers", () => {
    let sent: Record<string, string[]> | undefined;
    installed.headers!({ responseHeaders: { 'Content-Type': ['text/html'], 'X-Other': ['1'] } }, (response) => (sent = response.responseHeaders));
    expect(sent).toEqual({ 'Content-Type': ['text/html'], 'X-Other': ['1'], 'Content-Security-Policy': [policy] });

    installed.headers!({}, (response) => (sent = response.responseHeaders));
    expect(sent).toEqual({ 'Content-Security-Policy': [policy] });
  });
});
