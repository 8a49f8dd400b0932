// `npm start`: the desktop app through electron-vite (build, then Electron on the built entry) where the
// Electron binary is installed; otherwise one paragraph saying why not and what runs instead, and exit
// code 1, since nothing was started. better-sqlite3 is rebuilt for Electron before the app starts and
// for Node again after it has closed, Ctrl-C included (buildTools.ts says why).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { rebuildSqliteForNode, runTool } from './buildTools.ts';

/** The executable electron's package points at, when it exists: from plain Node, 'electron' is its path. */
function electronBinary(): string | undefined {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

if (electronBinary() === undefined) {
  process.stderr.write(
    'The Electron binary is not installed, so the desktop app cannot start here: `npm ci` tries to download it ' +
      '(electron/postinstall.mjs) and could not (no network, a proxy, or ELECTRON_SKIP_BINARY_DOWNLOAD set). ' +
      '`npx jessica serve` runs the same app in the browser: it prints an address with a one-time token to open. ' +
      'For the desktop app, run `node node_modules/electron/install.js` where the download works, then `npm start` again.\n',
  );
  process.exitCode = 1;
} else {
  // the terminal's Ctrl-C reaches Electron too; this process stays to rebuild for Node afterwards
  process.on('SIGINT', () => undefined);
  let code = runTool('electron-builder', 'cli.js', ['install-app-deps']);
  if (code === 0) code = runTool('electron-vite', 'bin/electron-vite.js', ['preview']);
  process.exitCode = rebuildSqliteForNode() || code;
}
