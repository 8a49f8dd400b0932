// Electron's entry, bundled by electron-vite. The app itself runs from its TypeScript sources through
// tsx, as the `jessica` command does: the core starts HiGHS worker threads from a source file and reads
// its SQL migrations by path, which a single bundle would not carry.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app } from 'electron';
import { register } from 'tsx/esm/api';

register();
// awaited, so that what must precede 'ready' (the app scheme, the sandbox) runs before Electron emits it
await import(/* @vite-ignore */ pathToFileURL(path.join(app.getAppPath(), 'electron/desktopApp.ts')).href);
