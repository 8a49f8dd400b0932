import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for tests that spawn the real `jessica` command. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface JessicaRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `jessica ...args` as a user would, with its data directory at `home()`. */
export function jessicaIn(home: () => string, timeoutMs = 180_000): (...args: string[]) => JessicaRun {
  return (...args) => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/jessica.mjs'), ...args], {
      env: { ...process.env, JESSICA_HOME: home() },
      encoding: 'utf8',
      timeout: timeoutMs,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
}

/** Starts `jessica ...args` without waiting, for a test that watches or stops it (its output is not kept). */
export function startJessica(home: string, ...args: string[]): ChildProcess {
  return spawn(process.execPath, [path.join(repoRoot, 'bin/jessica.mjs'), ...args], {
    env: { ...process.env, JESSICA_HOME: home },
    stdio: 'ignore',
  });
}
