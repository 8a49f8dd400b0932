import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/testing/runJessica.ts';

let bin: string;

/** A PATH holding only what is linked into it, and an `id` that answers a user who is not root. */
beforeAll(() => {
  bin = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-setup-path-'));
  for (const tool of ['bash', 'dirname']) fs.symlinkSync(spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), path.join(bin, tool));
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  fs.writeFileSync(path.join(bin, 'id'), '#!/bin/sh\necho 1000\n', { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'npm'), '#!/bin/sh\necho "npm must not run" >&2\nexit 99\n', { mode: 0o755 });
});
afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

describe('setup/testMachine.sh (README command 2 sets the machine up first)', () => {
  it('stops before running anything when it cannot install, one line per missing package with the command that installs it', () => {
    const r = spawnSync(path.join(bin, 'bash'), [path.join(repoRoot, 'setup/testMachine.sh')], {
      env: { PATH: bin, HOME: os.tmpdir() },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('setup: the tests cannot run; missing:');
    // cbc, python3, make and g++ are not on this PATH; chromium is found by its Debian path when installed
    for (const p of ['coinor-cbc', 'python3', 'make', 'g++']) expect(lines).toContain(`  Debian package ${p}: sudo apt-get install ${p}`);
    // no pg_isready on this PATH, and not root: PostgreSQL is named with how to get it, not started
    expect(lines.filter((l) => l.startsWith('  PostgreSQL on 127.0.0.1:5432'))).toHaveLength(1);
    expect(r.stderr).not.toContain('npm must not run');
  });
});
