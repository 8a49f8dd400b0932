// `npm run package [-- electron-builder options]`: builds the app with electron-vite and packs the
// installers with electron-builder (electron-builder.yml), which rebuilds better-sqlite3 for Electron;
// it is rebuilt for Node afterwards, whatever the outcome.
import { rebuildSqliteForNode, runTool } from './buildTools.ts';

let code = runTool('electron-vite', 'bin/electron-vite.js', ['build']);
if (code === 0) code = runTool('electron-builder', 'cli.js', process.argv.slice(2));
process.exitCode = rebuildSqliteForNode() || code;
