import { describe, expect, it } from 'vitest';
import { guardWebContents, type GuardableContents, type PreventableEvent } from './navigationGuard.ts';

/** A WebContents stand-in that keeps the handlers the guard installs, so a test can fire them. */
function recordingContents() {
  const listeners = new Map<string, (event: PreventableEvent) => void>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents: GuardableContents = {
    on: (event: string, listener: (event: PreventableEvent) => void) => listeners.set(event, listener),
    setWindowOpenHandler: (handler) => {
      openHandler = handler;
    },
  };
  guardWebContents(contents);
  const fire = (name: string) => {
    let prevented = false;
    listeners.get(name)?.({ preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { fire, open: (url: string) => openHandler?.({ url }) };
}

describe('the navigation guard', () => {
  const contents = recordingContents();

  it('stops every navigation and redirect away from the app', () => {
    expect(contents.fire('will-navigate')).toBe(true);
    expect(contents.fire('will-redirect')).toBe(true);
  });

  it('never attaches a <webview>', () => {
    expect(contents.fire('will-attach-webview')).toBe(true);
  });

  it('denies every new window, whatever the URL', () => {
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'jessica://app/index.html', 'javascript:alert(1)']) {
      expect(contents.open(url)).toEqual({ action: 'deny' });
    }
  });
});
