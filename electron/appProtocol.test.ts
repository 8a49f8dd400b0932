import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, rendererFile } from './appProtocol.ts';

const base = mkdtempSync(path.join(os.tmpdir(), 'jessica-app-protocol-'));
const dir = path.join(base, 'renderer');
mkdirSync(path.join(dir, 'assets'), { recursive: true });
writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
writeFileSync(path.join(dir, 'assets/app.js'), '');
writeFileSync(path.join(base, 'secret.txt'), 'not for the page');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('files of the app scheme', () => {
  it("maps the app's files and routes inside the renderer build", () => {
    expect(rendererFile(dir, `${APP_ORIGIN}/index.html`)).toBe(path.join(dir, 'index.html'));
    expect(rendererFile(dir, `${APP_ORIGIN}/assets/app.js`)).toBe(path.join(dir, 'assets/app.js'));
    expect(rendererFile(dir, `${APP_ORIGIN}/runs/12`)).toBe(path.join(dir, 'index.html'));
    expect(rendererFile(dir, `${APP_ORIGIN}/assets/missing.js`)).toBeUndefined();
  });

  it('never reaches a file outside it, however the path is spelled', () => {
    for (const url of [
      `${APP_ORIGIN}/../secret.txt`,
      `${APP_ORIGIN}/%2e%2e/secret.txt`,
      `${APP_ORIGIN}/assets/..%2f..%2fsecret.txt`,
      `${APP_ORIGIN}/..%5csecret.txt`,
      `${APP_ORIGIN}/%E0%A4%A`,
      'jessica://other/index.html',
      `file://${path.join(dir, 'index.html')}`,
    ]) {
      const file = rendererFile(dir, url);
      expect(file === undefined || file.startsWith(dir + path.sep), url).toBe(true);
      expect(file, url).not.toBe(path.join(base, 'secret.txt'));
    }
    expect(rendererFile(dir, `${APP_ORIGIN}/assets/..%2f..%2fsecret.txt`)).toBeUndefined();
    expect(rendererFile(dir, 'jessica://other/index.html')).toBeUndefined();
  });
});
