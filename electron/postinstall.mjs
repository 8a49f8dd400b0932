// The root package's postinstall: fetches the Electron binary for the desktop app where it can be
// downloaded, and never fails the install where it cannot (no network, a proxy, an unsupported
// platform): the CLI and the browser shell need no Electron. npm does not run electron's own install
// script (package.json allowScripts denies it, `"electron": false`), because its failure fails `npm ci`.
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips the download, as electron's installer itself honours.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

let installer;
try {
  installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
} catch {
  // a production install (--omit=dev) has no electron package: nothing to fetch
  process.exit(0);
}

const result = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', timeout: 10 * 60_000 });
if (result.status !== 0) {
  const lines = `${result.stderr ?? ''}${result.error ? result.error.message : ''}`.split('\n').map((line) => line.trim());
  const reason = lines.find((line) => line.length > 0 && !line.startsWith('at ')) ?? `exit ${result.status ?? result.signal}`;
  process.stderr.write(
    `jessica: the Electron binary could not be downloaded (${reason.replace(/^Error: /, '')}); the desktop app is unavailable, \`npx jessica serve\` runs the same app in the browser.\n`,
  );
}
process.exit(0);
