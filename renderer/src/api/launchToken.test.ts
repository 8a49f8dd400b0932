// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { launchToken } from './launchToken.ts';

describe('launchToken', () => {
  beforeEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', '/');
  });

  it('takes the token out of the address, keeps the screen hash, and finds it again after a reload', () => {
    history.replaceState(null, '', '/?token=s3cret&x=1#matrix');
    expect(launchToken(location, sessionStorage, history)).toBe('s3cret');
    expect(location.search).toBe('?x=1');
    expect(location.hash).toBe('#matrix');
    expect(launchToken(location, sessionStorage, history)).toBe('s3cret');
  });

  it('has no token when the page was opened without one', () => {
    expect(launchToken(location, sessionStorage, history)).toBeNull();
  });
});
