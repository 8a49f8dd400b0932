// The desktop shell's wiring, run against a stand-in for the 'electron' module (its binary is not needed):
// what happens before 'ready', the window, the app scheme, the IPC channel and the shutdown.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNEL, PICK_PATH_CHANNEL } from './ipcChannels.ts';

const fake = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => unknown;
  let becomeReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (becomeReady = resolve));
  const appHandlers = new Map<string, Handler>();
  const windows: { options: Record<string, unknown>; loaded: string[]; contents: { id: number; sent: unknown[][] } }[] = [];
  const ipcHandlers = new Map<string, Handler>();
  const protocolHandlers = new Map<string, Handler>();
  const state = { appPath: '', sandboxEnabled: false, privileged: [] as unknown[], quit: 0, sessionGuarded: false, dialogAnswer: '' };

  class BrowserWindow {
    static getAllWindows = () => windows;
    static fromWebContents = (contents: { id: number }) => windows.find((w) => w.contents.id === contents.id) ?? null;
    webContents: { id: number; sent: unknown[][]; send: Handler; isDestroyed: () => boolean; once: Handler };
    loaded: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      const sent: unknown[][] = [];
      this.webContents = { id: windows.length + 1, sent, send: (...args) => sent.push(args), isDestroyed: () => false, once: () => undefined };
      windows.push({ options, loaded: this.loaded, contents: this.webContents });
    }
    once(): void {}
    show(): void {}
    async loadURL(url: string): Promise<void> {
      this.loaded.push(url);
    }
  }

  const electron = {
    app: {
      getAppPath: () => state.appPath,
      isPackaged: true,
      enableSandbox: () => (state.sandboxEnabled = true),
      whenReady: () => ready,
      on: (event: string, handler: Handler) => appHandlers.set(event, handler),
      quit: () => state.quit++,
    },
    BrowserWindow,
    webContents: { fromId: (id: number) => windows.find((w) => w.contents.id === id)?.contents },
    dialog: {
      showOpenDialog: async () => ({ canceled: false, filePaths: [state.dialogAnswer] }),
      showSaveDialog: async () => ({ canceled: false, filePath: state.dialogAnswer }),
    },
    ipcMain: { handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler), removeHandler: (channel: string) => ipcHandlers.delete(channel) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.privileged.push(...schemes),
      handle: (scheme: string, handler: Handler) => protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => (state.sessionGuarded = true),
        setPermissionCheckHandler: () => undefined,
        webRequest: { onHeadersReceived: () => undefined },
      },
    },
  };
  return { electron, state, appHandlers, windows, ipcHandlers, protocolHandlers, becomeReady: () => becomeReady() };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

let root: string;
const previousHome = process.env.JESSICA_HOME;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'jessica-desktop-'));
  mkdirSync(path.join(root, 'dist/renderer'), { recursive: true });
  writeFileSync(path.join(root, 'dist/renderer/index.html'), '<!doctype html><title>Jessica</title>');
  fake.state.appPath = root;
  process.env.JESSICA_HOME = path.join(root, 'home');
});
afterAll(() => {
  if (previousHome === undefined) delete process.env.JESSICA_HOME;
  else process.env.JESSICA_HOME = previousHome;
  rmSync(root, { recursive: true, force: true });
});

describe('the desktop app', () => {
  it("sets up what must precede 'ready' without waiting for it", async () => {
    // the import finishing at all shows there is no top-level await on 'ready', which would hang Electron
    await import('./desktopApp.ts');
    expect(fake.state.sandboxEnabled).toBe(true);
    expect(fake.state.privileged).toEqual([{ scheme: 'jessica', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fake.appHandlers.has('web-contents-created')).toBe(true);
    expect(fake.windows).toHaveLength(0);
  });

  it('on ready, opens the sandboxed window on the app scheme and guards the session', async () => {
    fake.becomeReady();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    const [window] = fake.windows;
    expect(window!.loaded).toEqual(['jessica://app/index.html']);
    expect(window!.options.webPreferences).toMatchObject({
      preload: path.join(root, 'dist/electron/preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(fake.state.sessionGuarded).toBe(true);
  });

  it('serves the built renderer on the app scheme with its CSP, and nothing outside it', async () => {
    const handler = fake.protocolHandlers.get('jessica')!;
    const page = (await handler({ url: 'jessica://app/index.html' })) as Response;
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self';/);
    expect(await page.text()).toContain('<title>Jessica</title>');
    const outside = (await handler({ url: 'jessica://app/..%2f..%2fpackage.json' })) as Response;
    expect(outside.status).toBe(404);
  });

  it("answers the window's main frame on the app scheme, and no other frame", async () => {
    expect([...fake.ipcHandlers.keys()]).toEqual([INVOKE_CHANNEL, PICK_PATH_CHANNEL]);
    const invoke = fake.ipcHandlers.get(INVOKE_CHANNEL)!;
    const sender = { id: fake.windows[0]!.contents.id };
    const envelope = await invoke({ sender, senderFrame: { url: 'jessica://app/index.html', parent: null } }, 'usecases/list', {});
    expect(envelope).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ id: 'index-tracking' })]) });
    const framed = await invoke({ sender, senderFrame: { url: 'jessica://app/index.html', parent: {} } }, 'usecases/list', {});
    expect(framed).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('confines paths to the workspace in the data directory, and admits what the user picked in a dialog', async () => {
    const invoke = fake.ipcHandlers.get(INVOKE_CHANNEL)!;
    const pick = fake.ipcHandlers.get(PICK_PATH_CHANNEL)!;
    const event = { sender: { id: fake.windows[0]!.contents.id }, senderFrame: { url: 'jessica://app/index.html', parent: null } };
    const outside = path.join(root, 'picked-book.csv');
    expect(await invoke(event, 'accounts/generate', { count: 2, out: outside })).toMatchObject({ ok: false, error: { where: { field: 'out' } } });
    expect(await invoke(event, 'accounts/generate', { count: 2, out: 'book.csv' })).toMatchObject({ ok: true });
    expect(existsSync(path.join(root, 'home', 'workspace', 'book.csv'))).toBe(true);
    fake.state.dialogAnswer = outside;
    expect(await pick(event, { purpose: 'save-file', defaultName: 'picked-book.csv' })).toBe(outside);
    expect(await invoke(event, 'accounts/generate', { count: 2, out: outside })).toMatchObject({ ok: true });
    expect(existsSync(outside)).toBe(true);
  });

  it('closes the core before quitting', async () => {
    let prevented = false;
    fake.appHandlers.get('will-quit')!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(fake.state.quit).toBe(1));
    expect(fake.ipcHandlers.size).toBe(0);
  });
});
