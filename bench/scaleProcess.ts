/**
 * The `jessica` processes of bench/scale.ts: each started as `node bin/jessica.mjs …` (the node process is jessica
 * itself, not a wrapper, and its mapping and HiGHS threads are threads of that process), its peak resident set read
 * from /proc/<pid>/status VmHWM every 250 ms while it runs, its exit code checked. Every process started here is
 * killed when the bench exits, however it exits, so no worker outlives a failed bench.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const JESSICA = path.join(ROOT, 'bin/jessica.mjs');
const POLL_MS = 250;
/** what a failure shows of a process's stderr: its end, where the reason is */
const STDERR_TAIL = 4000;

const running = new Set<ChildProcess>();
/** SIGKILL to every process still running: at the bench's exit, and when it is interrupted */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}
process.on('exit', killAll);

/** Another process of the bench's (a toy worker) to kill with the others. */
export function trackChild(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** The largest VmHWM (peak resident set, kB) /proc reports for `pid`, or null once the process is gone. */
function peakKiB(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export interface JessicaProcess {
  pid: number;
  /** the command as a person would type it, for tables and errors */
  command: string;
  stdout(): string;
  stderr(): string;
  /** the largest peak resident set seen so far, MiB */
  peakMiB(): number;
  /** resolves once the process has exited and its output is read */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null; seconds: number }>;
  /** SIGTERM; SIGKILL after `graceMs`; resolves with how it ended */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** calls `onLine` for every stdout line already printed and to come */
  onStdoutLine(onLine: (line: string) => void): void;
}

export function startJessica(args: readonly string[], env: Record<string, string>): JessicaProcess {
  const command = `node bin/jessica.mjs ${args.join(' ')}`;
  const started = performance.now();
  const child = spawn(process.execPath, [JESSICA, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const listeners: ((line: string) => void)[] = [];
  let pending = '';
  const lines: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out.push(chunk);
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const listen of listeners) listen(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
  let peak = 0;
  const look = () => {
    const kib = child.pid === undefined ? null : peakKiB(child.pid);
    if (kib !== null) peak = Math.max(peak, kib);
  };
  look();
  const timer = setInterval(look, POLL_MS);
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; seconds: number }>((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(timer);
      running.delete(child);
      reject(new Error(`${command} could not be started: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      running.delete(child);
      resolve({ code, signal, seconds: (performance.now() - started) / 1000 });
    });
  });
  return {
    pid: child.pid!,
    command,
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
    peakMiB: () => peak / 1024,
    closed,
    stop: async (graceMs = 30_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await closed;
      } finally {
        clearTimeout(timer);
      }
    },
    onStdoutLine: (onLine) => {
      for (const line of lines) onLine(line);
      listeners.push(onLine);
    },
  };
}

/** The error a failed process stops the bench with: its command, how it ended and the end of its stderr. */
export function processFailure(p: JessicaProcess, ended: { code: number | null; signal: NodeJS.Signals | null }, what = 'failed'): Error {
  const how = ended.signal ? `was killed by ${ended.signal}` : `exited with ${ended.code}`;
  const stderr = p.stderr().trim();
  const tail = stderr.length > STDERR_TAIL ? `…${stderr.slice(-STDERR_TAIL)}` : stderr;
  return new Error(`${what}: \`${p.command}\` (pid ${p.pid}) ${how}\nstderr:\n${tail || '(empty)'}`);
}

/** Runs one command to its end; any exit but 0 stops the bench with the command and its stderr. */
export async function runJessica(args: readonly string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string; seconds: number; peakMiB: number; command: string }> {
  const p = startJessica(args, env);
  const ended = await p.closed;
  if (ended.code !== 0) throw processFailure(p, ended);
  return { stdout: p.stdout(), stderr: p.stderr(), seconds: ended.seconds, peakMiB: p.peakMiB(), command: p.command };
}
