import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import type { Core } from '../core/createCore.ts';
import { createBridge, type Bridge } from '../server/createBridge.ts';
import { launchToken } from '../server/launchToken.ts';
import { openBrowser } from './openBrowser.ts';
import { builtRenderer } from './rendererBuild.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where `jessica serve` listens unless told otherwise; `--port 0` takes any free port. */
export const DEFAULT_PORT = 7411;

function portNumber(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 0 || v > 65535) throw new InvalidArgumentError(`"${value}" is not a port (0 to 65535; 0 picks a free one).`);
  return v;
}

function stderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Resolves on the first SIGINT or SIGTERM, so the command can close what it opened and exit 0. */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `jessica serve`: the app in the browser. The browser shell (server/) over the same core as every other
 * command, on 127.0.0.1 only, with a per-launch token in the printed address; the renderer is built
 * first when its build is missing or stale. Prints the address for a person, then one JSON line for
 * programs (`{"event":"listening","port":…,"url":…}`), and runs until SIGINT or SIGTERM.
 */
export function serveCommand(program: Command, context: { core(): Core }): void {
  program
    .command('serve')
    .description('run the app in the browser: a server on 127.0.0.1 over the same core, with a one-time token in its address')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', portNumber, DEFAULT_PORT)
    .option('--open', 'open the address in the default browser')
    .action(async (opts: { port: number; open?: boolean }) => {
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
        bridge = await createBridge({ core, token: launchToken(), rendererDir, port: opts.port, host: '127.0.0.1' });
      } catch (error) {
        const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        stderr(`jessica: ${inUse ? `port ${opts.port} on 127.0.0.1 is in use: pass --port N, or --port 0 for a free one` : String(error)}`);
        process.exitCode = 1;
        return;
      }

      const stopped = untilStopped();
      process.stdout.write(`Jessica is running at ${bridge.url}\n`);
      process.stdout.write(`${JSON.stringify({ event: 'listening', port: bridge.port, url: bridge.url })}\n`);
      if (opts.open && !(await openBrowser(bridge.url))) stderr('jessica: could not open a browser: open the address above');

      const signal = await stopped;
      stderr(`jessica: ${signal}: stopping`);
      await bridge.close();
    });
}
