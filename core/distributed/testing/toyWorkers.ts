import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** What toyWorker.ts is started with (as JSON, its one argument). */
export interface ToyWorkerConfig {
  url: string;
  queue: string;
  concurrency: number;
  pollingIntervalSeconds?: number;
  maintenanceIntervalSeconds?: number;
  /** no event per job on stdout */
  quiet?: boolean;
}

export interface ToyJob {
  batchId: string;
  key: number;
  value: number;
  sleepMs?: number;
}

export const TOY_KIND = 'square';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ToyEvent {
  type: string;
  [field: string]: unknown;
}

/** A toyWorker.ts child process with the events it printed, for the tests and the bench. */
export interface ToyWorkerProcess {
  child: ChildProcess;
  pid: number;
  events: ToyEvent[];
  stderr: () => string;
  /** resolves with the first event (already printed or to come) that matches, rejects after timeoutMs or at exit */
  waitFor(match: (event: ToyEvent) => boolean, timeoutMs?: number): Promise<ToyEvent>;
  /** resolves with the exit code (or signal) */
  exited: Promise<number | string>;
}

export function startToyWorker(config: ToyWorkerConfig): ToyWorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'core/distributed/testing/toyWorker.ts'), JSON.stringify(config)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: ToyEvent[] = [];
  const waiters = new Set<() => void>();
  let errText = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errText += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      events.push(JSON.parse(line) as ToyEvent);
    } catch {
      events.push({ type: 'stdout', line });
    }
    for (const wake of waiters) wake();
  });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const wake of waiters) wake();
  });
  return {
    child,
    pid: child.pid!,
    events,
    stderr: () => errText,
    exited,
    waitFor: (match, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) finish(() => resolve(found));
          else if (done) finish(() => reject(new Error(`toy worker ${child.pid} exited before the awaited event; stderr: ${errText.slice(-2000)}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`toy worker ${child.pid}: no awaited event within ${timeoutMs} ms; last events: ${JSON.stringify(events.slice(-5))}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      }),
  };
}

/** SIGTERM (graceful stop) and wait for the exit; SIGKILL if it has not exited within timeoutMs. */
export async function stopToyWorker(worker: ToyWorkerProcess, timeoutMs = 15_000): Promise<number | string> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return worker.exited;
  worker.child.kill('SIGTERM');
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), timeoutMs);
  try {
    return await worker.exited;
  } finally {
    clearTimeout(timer);
  }
}
