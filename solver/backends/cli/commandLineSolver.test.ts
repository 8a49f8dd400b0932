import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallLp } from '../highs/fixtures/smallLp.ts';
import { createCbcBackend } from './cbcBackend.ts';
import { alive } from './testing/childProcesses.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jessica-command-line-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a command-line solve with a signal', () => {
  it('stops the solver process when the signal aborts and answers interrupted, naming the cancel', async () => {
    // a stand-in for cbc that never finishes on its own and leaves on SIGINT, as CBC does
    const pidFile = path.join(dir, 'solver.pid');
    const exe = path.join(dir, 'endless-cbc');
    await writeFile(exe, `#!/bin/sh\necho $$ > '${pidFile}'\ntrap 'exit 130' INT\nwhile :; do sleep 0.05; done\n`, { mode: 0o755 });
    const cbc = createCbcBackend({ executable: exe, stopGraceMs: 500 });
    try {
      const controller = new AbortController();
      const solving = cbc.solve(smallLp(), { timeLimitSec: 600, signal: controller.signal });
      let pid: number | undefined;
      while (pid === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        pid = Number(await readFile(pidFile, 'utf8').catch(() => '')) || undefined;
      }
      expect(alive(pid)).toBe(true);
      controller.abort();
      const r = await solving;
      expect(r.status).toBe('interrupted');
      expect(r.message).toBe('CBC was stopped because the solve was cancelled');
      expect(alive(pid)).toBe(false);
    } finally {
      await cbc.close();
    }
  });
});
