import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import type { Core } from '../core/createCore.ts';
import { defaultWorkspace } from '../core/workspace/workspaceDirectory.ts';
import type { Bridge } from '../server/createBridge.ts';
import { launchToken } from '../server/launchToken.ts';
import { stopServing } from '../server/stopServing.ts';
import { openBrowser } from './openBrowser.ts';
import { builtRenderer } from './rendererBuild.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where `jessica serve` listens unless told otherwise; `--port 0` takes any free port. */
export const DEFAULT_PORT = 7411;

/**
 * How long a stop may take before the process exits without waiting for what still runs: a user's Ctrl-C,
 * or a service manager's SIGTERM (which follows with SIGKILL), must not wait on a long import or solve.
 */
export const STOP_GRACE_MS = 1500;

function portNumber(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 0 || v > 65535) throw new InvalidArgumentError(`"${value}" is not a port (0 to 65535; 0 picks a free one).`);
  return v;
}

function stderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Resolves on the first SIGINT or SIGTERM, so the command can close what it opened and exit 0; a second
 * one while it stops ends the process at once. The listeners stay for the life of the process: while
 * they are there the signal is this command's to handle, and other listeners (the store's clean-up of
 * an import's staging file) leave the ending to it rather than end the process themselves.
 */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        stderr(`jessica: ${signal} again: exiting now`);
        process.exit(1);
      }
      stopping = true;
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `jessica serve`: the app in the browser. The browser shell (server/) over the same core as every other
 * command, on 127.0.0.1 only, with a per-launch token in the printed address; the renderer is built
 * first when its build is missing or stale. The page reads and writes files only in the workspace
 * (`--workspace`, else $JESSICA_HOME/workspace). Prints the address and the workspace for a person, then
 * one JSON line for programs (`{"event":"listening","port":…,"url":…,"workspace":…}`), and runs until
 * SIGINT or SIGTERM, then stops within STOP_GRACE_MS: running jobs cancelled, the bridge closed (the
 * services are closed by the command's caller), forcing the exit when something does not stop in time.
 */
export function serveCommand(program: Command, context: { core(): Core }): void {
  program
    .command('serve')
    .description('run the app in the browser: a server on 127.0.0.1 over the same core, with a one-time token in its address')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', portNumber, DEFAULT_PORT)
    .option('--workspace <dir>', 'the directory the app may read files from and write them to (default: $JESSICA_HOME/workspace)')
    .option('--open', 'open the address in the default browser')
    .action(async (opts: { port: number; workspace?: string; open?: boolean }) => {
      let rendererDir: string;
      try {
        rendererDir = await builtRenderer(
          { configFile: path.join(repoRoot, 'renderer/vite.config.ts'), folders: [path.join(repoRoot, 'renderer'), path.join(repoRoot, 'api')] },
          stderr,
        );
      } catch (error) {
        stderr(`jessica: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
        return;
      }

      const core = context.core();
      let bridge: Bridge;
      try {
        const workspace = opts.workspace ?? defaultWorkspace(core.services.home);
        // the HTTP server (fastify) is loaded only by the command that serves
        const { createBridge } = await import('../server/createBridge.ts');
        bridge = await createBridge({ core, token: launchToken(), rendererDir, workspace, port: opts.port, host: '127.0.0.1' });
      } catch (error) {
        const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        stderr(`jessica: ${inUse ? `port ${opts.port} on 127.0.0.1 is in use: pass --port N, or --port 0 for a free one` : error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
        return;
      }

      const stopped = untilStopped();
      process.stdout.write(`Jessica is running at ${bridge.url}\n`);
      process.stdout.write(`It reads and writes files in ${bridge.workspace} (relative paths start there)\n`);
      process.stdout.write(`${JSON.stringify({ event: 'listening', port: bridge.port, url: bridge.url, workspace: bridge.workspace })}\n`);
      if (opts.open && !(await openBrowser(bridge.url))) stderr('jessica: could not open a browser: open the address above');

      const signal = await stopped;
      stderr(`jessica: ${signal}: stopping`);
      // the jobs get most of the grace to unwind; what is left closes the services before the forced exit
      const deadline = Date.now() + STOP_GRACE_MS - 500;
      // unref'd: a stop that completes lets the process end at once; this fires only when something holds it
      setTimeout(() => {
        stderr(`jessica: not stopped ${STOP_GRACE_MS / 1000} s after ${signal}: exiting without waiting for it`);
        process.exit(1);
      }, STOP_GRACE_MS).unref();
      const running = await stopServing(core, bridge, deadline);
      if (running > 0) {
        stderr(`jessica: ${running} job(s) did not stop in time`);
        process.exitCode = 1;
      }
    });
}
