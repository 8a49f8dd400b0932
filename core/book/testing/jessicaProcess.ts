import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A `jessica …` child process on a test's store, with what it printed so far and a wait for a line. */
export interface JessicaProcess {
  child: ChildProcess;
  output: () => string;
  /**
   * resolves with the first line that matches, printed from `from` on (a length of output(); default: the start) or to
   * come; rejects after timeoutMs or when the process ends first
   */
  waitForLine(match: RegExp, timeoutMs?: number, from?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startJessica(args: string[], env: NodeJS.ProcessEnv): JessicaProcess {
  const child = spawn(process.execPath, [path.join(root, 'bin/jessica.mjs'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const take = (d: Buffer) => {
    text += d.toString();
    for (const l of [...listeners]) l();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const l of [...listeners]) l();
  });
  return {
    child,
    output: () => text,
    exited,
    waitForLine: (match, timeoutMs = 60_000, from = 0) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = text.slice(from).split('\n').find((l) => match.test(l));
          if (line !== undefined) finish(() => resolve(line));
          else if (done) finish(() => reject(new Error(`jessica ${args[0]} ended before printing ${match}:\n${text}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no line ${match} within ${timeoutMs} ms:\n${text}`))), timeoutMs);
        const finish = (then: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          then();
        };
        listeners.add(check);
        check();
      }),
  };
}
