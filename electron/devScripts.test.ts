import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './buildTools.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'jessica-dev-scripts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function node(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm start without the Electron binary', () => {
  it('says in one paragraph why not and that `npx jessica serve` runs the same app, and exits 1', () => {
    // electron's package resolves its binary under this folder, where there is none
    const r = node(['--import', 'tsx', 'electron/start.ts'], { ELECTRON_OVERRIDE_DIST_PATH: path.join(scratch, 'no-electron') });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Electron binary is not installed/);
    expect(r.stderr).toMatch(/`npx jessica serve` runs the same app in the browser/);
  });
});

describe('the postinstall step', () => {
  it('skips the download silently when ELECTRON_SKIP_BINARY_DOWNLOAD is set', () => {
    const r = node(['electron/postinstall.mjs'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('never fails the install when the download fails: one line naming the browser mode instead', () => {
    // a mirror on a closed loopback port and an empty cache: the download fails at once, anywhere
    const r = node(['electron/postinstall.mjs'], {
      ELECTRON_SKIP_BINARY_DOWNLOAD: '',
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: path.join(scratch, 'cache'),
    });
    expect(r.code).toBe(0);
    const binaryInstalled = existsSync(path.join(repoRoot, 'node_modules/electron/path.txt'));
    if (binaryInstalled) {
      // electron's installer stops early when its binary is already in place
      expect(r.stderr).toBe('');
    } else {
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^jessica: the Electron binary could not be downloaded \(.+\); the desktop app is unavailable, `npx jessica serve` runs the same app in the browser\.$/m);
    }
  });
});
