// What `npm start` and `npm run package` share: running the project's build tools from the repository
// root, and putting better-sqlite3 back on Node's ABI once Electron's build of it is no longer needed.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A tool's command-line script, run with this Node, so no shell or PATH lookup is involved. */
export function runTool(pkg: string, script: string, args: string[]): number {
  const file = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), script);
  return spawnSync(process.execPath, [file, ...args], { cwd: repoRoot, stdio: 'inherit' }).status ?? 1;
}

/**
 * better-sqlite3 is a native module: the CLI, the server and the tests load a build for Node, Electron
 * only a build for its own ABI, and electron-builder makes the latter in this project's node_modules.
 */
export function rebuildSqliteForNode(): number {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const status = spawnSync(npm, ['rebuild', 'better-sqlite3'], { cwd: repoRoot, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;
  if (status !== 0) process.stderr.write('jessica: `npm rebuild better-sqlite3` failed: the CLI and the tests need it rebuilt for Node\n');
  return status;
}
