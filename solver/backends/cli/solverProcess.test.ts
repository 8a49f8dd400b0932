import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSolverProcess } from './solverProcess.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jessica-solver-process-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function script(name: string, body: string, mode = 0o755): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`, { mode });
  return file;
}

describe('runSolverProcess', () => {
  it('streams stdout and stderr line by line, including a last line without a newline', async () => {
    const exe = await script('talk', 'echo one; echo two >&2; printf "three"; exit 3');
    const seen: string[] = [];
    const r = await runSolverProcess({ executable: exe, args: [], cwd: dir, onLine: (l) => seen.push(l.text) });
    expect(r.started).toBe(true);
    expect(r.exitCode).toBe(3);
    expect([...seen].sort()).toEqual(['one', 'three', 'two']);
    expect(r.lines.map((l) => l.text).sort()).toEqual(['one', 'three', 'two']);
    expect(r.stoppedAtDeadline).toBe(false);
  });

  it('times the process from spawn to exit on the clock every thread shares, with its pid', async () => {
    const exe = await script('pid', 'echo $$; sleep 0.2');
    const before = performance.timeOrigin + performance.now();
    const r = await runSolverProcess({ executable: exe, args: [], cwd: dir });
    const after = performance.timeOrigin + performance.now();
    expect(r.pid).toBe(Number(r.lines[0]!.text));
    expect(r.startedEpochMs!).toBeGreaterThanOrEqual(before);
    expect(r.endedEpochMs!).toBeLessThanOrEqual(after);
    expect(r.endedEpochMs! - r.startedEpochMs!).toBeCloseTo(r.elapsedMs, 2);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(195);
  });

  it('passes arguments without a shell', async () => {
    const exe = await script('args', 'for a in "$@"; do echo "[$a]"; done');
    const r = await runSolverProcess({ executable: exe, args: ['a b', '$HOME', 'x;y'], cwd: dir });
    expect(r.lines.map((l) => l.text)).toEqual(['[a b]', '[$HOME]', '[x;y]']);
  });

  it('reports a missing or non-executable binary instead of throwing', async () => {
    const missing = await runSolverProcess({ executable: 'no-such-solver-binary', args: [], cwd: dir });
    expect(missing.started).toBe(false);
    expect(missing.startError?.code).toBe('ENOENT');
    const plain = await script('not-executable', 'echo hi', 0o644);
    const denied = await runSolverProcess({ executable: plain, args: [], cwd: dir });
    expect(denied.started).toBe(false);
    expect(denied.startError?.code).toBe('EACCES');
  });

  it('stops the whole process group at the deadline, so a child holding the pipes cannot stall it', async () => {
    // the background sleep inherits stdout: killing only the shell would leave the pipe open for 30 s
    const exe = await script('stubborn', "trap '' INT TERM\nsleep 30 &\nwhile :; do sleep 0.05; done");
    const t0 = performance.now();
    const r = await runSolverProcess({ executable: exe, args: [], cwd: dir, hardDeadlineMs: 150, escalationMs: 150 });
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(r.stoppedAtDeadline).toBe(true);
    expect(r.stopSignal).toBe('SIGKILL');
    expect(r.signal).toBe('SIGKILL');
  });

  it('stops at the first signal a solver honours', async () => {
    const exe = await script('polite', 'trap "echo stopping; exit 0" INT\nwhile :; do sleep 0.05; done');
    const r = await runSolverProcess({ executable: exe, args: [], cwd: dir, hardDeadlineMs: 100, escalationMs: 5000 });
    expect(r.stopSignal).toBe('SIGINT');
    expect(r.exitCode).toBe(0);
    expect(r.lines.map((l) => l.text)).toEqual(['stopping']);
    expect(r.elapsedMs).toBeLessThan(3000);
  });

  it('stops when its abort signal fires', async () => {
    const exe = await script('long', 'while :; do sleep 0.05; done');
    const controller = new AbortController();
    const pending = runSolverProcess({ executable: exe, args: [], cwd: dir, signal: controller.signal, escalationMs: 200 });
    setTimeout(() => controller.abort(), 100);
    const r = await pending;
    expect(r.aborted).toBe(true);
    expect(r.stoppedAtDeadline).toBe(false);
    expect(r.signal).toBe('SIGINT');
  });
});
