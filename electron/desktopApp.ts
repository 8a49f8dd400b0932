import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, webContents } from 'electron';
import { createCore } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';
import { PickedPaths } from '../core/workspace/pickedPaths.ts';
import { defaultWorkspace, openWorkspace } from '../core/workspace/workspaceDirectory.ts';
import { APP_ORIGIN, APP_SCHEME, rendererFile } from './appProtocol.ts';
import { openAppWindow } from './appWindow.ts';
import { contentSecurityPolicy } from './contentSecurityPolicy.ts';
import { electronFileDialogs } from './fileDialogs.ts';
import { bindCore } from './ipcBinding.ts';
import { guardWebContents } from './navigationGuard.ts';
import { bindPathPicker } from './pathPicker.ts';
import { guardSession } from './sessionGuard.ts';

// The desktop shell: one window over the same core as the CLI and the browser shell. The core's long
// work runs in its HiGHS worker threads and solver processes, never on this (the main) thread.

const root = app.getAppPath();
const rendererDir = path.join(root, 'dist/renderer');
const preloadPath = path.join(root, 'dist/electron/preload/preload.cjs');
// electron-vite's renderer dev server; a packaged app always loads its built files
const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const policy = contentSecurityPolicy({ devServer });
// the pages allowed to call the main process: the app's own, and the dev server's while developing
const appOrigins = devServer === undefined ? [APP_ORIGIN] : [APP_ORIGIN, new URL(devServer).origin];

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

// Not a top-level await: Electron emits 'ready' only once the entry module (which imports this one)
// has finished evaluating, so awaiting it here would never end.
void app.whenReady().then(startApp);

function startApp(): void {
  const services = openServices();
  const core = createCore(services);
  // the page reaches files in the workspace and, beside it, only those the user picks in a dialog
  const workspace = openWorkspace(defaultWorkspace(services.home));
  const picked = new PickedPaths();
  const binding = bindCore(ipcMain, core, { confinement: { workspace, picked }, appOrigins });
  const dialogs = electronFileDialogs({
    showOpenDialog: (window, options) => dialog.showOpenDialog(window, options),
    showSaveDialog: (window, options) => dialog.showSaveDialog(window, options),
    windowOf: (id) => {
      const contents = webContents.fromId(id);
      return contents === undefined ? null : BrowserWindow.fromWebContents(contents);
    },
  });
  const unbindPicker = bindPathPicker(ipcMain, { dialogs, picked, workspace, refusal: binding.refusal });
  guardSession(session.defaultSession, policy);

  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFile(rendererDir, request.url);
    if (file === undefined) return new Response('not found', { status: 404 });
    try {
      const type = mimeTypes[path.extname(file)] ?? 'application/octet-stream';
      return new Response(await readFile(file), { headers: { 'content-type': type, 'content-security-policy': policy } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });

  const openWindow = (): void => {
    const appWindow = openAppWindow(BrowserWindow, preloadPath);
    binding.attach(appWindow.webContents);
    appWindow.once('ready-to-show', () => appWindow.show());
    void appWindow.loadURL(devServer ?? `${APP_ORIGIN}/index.html`);
  };
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  // stop the running work, then close the store and the solver pools before exiting, once
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    core.cancelJobs();
    unbindPicker();
    binding.dispose();
    void services.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
