import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PickedPaths } from '../core/workspace/pickedPaths.ts';
import type { IpcMainLike } from './ipcBinding.ts';
import { PICK_PATH_CHANNEL } from './ipcChannels.ts';
import { bindPathPicker, type DialogOptions, type FileDialogs } from './pathPicker.ts';
import type { IpcEventLike } from './senderFrame.ts';

let root: string;
beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'jessica-picker-')));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Handler = (event: IpcEventLike, ...args: unknown[]) => unknown;

/** Dialogs that answer what the user would pick, and record how they were shown. */
function userPicking(answer: string | undefined) {
  const shown: { kind: string; sender: number; options: DialogOptions }[] = [];
  const show = (kind: string) => async (sender: { id: number }, options: DialogOptions) => {
    shown.push({ kind, sender: sender.id, options });
    return answer;
  };
  const dialogs: FileDialogs = { openFile: show('openFile'), openDirectory: show('openDirectory'), saveFile: show('saveFile') };
  return { dialogs, shown };
}

function picker(dialogs: FileDialogs, refused = false) {
  let handler: Handler | undefined;
  const ipcMain: IpcMainLike = { handle: (channel, listener) => channel === PICK_PATH_CHANNEL && (handler = listener), removeHandler: () => (handler = undefined) };
  const picked = new PickedPaths();
  const workspace = path.join(root, 'workspace');
  const unbind = bindPathPicker(ipcMain, { dialogs, picked, workspace, refusal: () => (refused ? 'not this frame' : undefined) });
  const ask = (request: unknown) => handler!({ sender: { id: 4 }, senderFrame: null }, request);
  return { ask, picked, workspace, unbind, bound: () => handler !== undefined };
}

describe('the path picker', () => {
  it("shows the dialog the page asked for over its window, in the workspace, and remembers the user's pick for that use", async () => {
    const chosen = path.join(root, 'elsewhere', 'prices.csv');
    const { dialogs, shown } = userPicking(chosen);
    const p = picker(dialogs);
    expect(await p.ask({ purpose: 'open-file', title: 'Prices', filters: [{ name: 'CSV', extensions: ['csv', 'gz'] }] })).toBe(chosen);
    expect(shown).toEqual([{ kind: 'openFile', sender: 4, options: { defaultPath: p.workspace, title: 'Prices', filters: [{ name: 'CSV', extensions: ['csv', 'gz'] }] } }]);
    expect(p.picked.allows(chosen, 'read')).toBe(true);
    expect(p.picked.allows(chosen, 'write')).toBe(false);

    expect(await p.ask({ purpose: 'save-file', defaultName: 'book.csv' })).toBe(chosen);
    expect(shown[1]).toMatchObject({ kind: 'saveFile', options: { defaultPath: path.join(p.workspace, 'book.csv') } });
    expect(p.picked.allows(chosen, 'write')).toBe(true);
    expect(await p.ask({ purpose: 'directory' })).toBe(chosen);
    expect(shown[2]).toMatchObject({ kind: 'openDirectory' });
    p.unbind();
    expect(p.bound()).toBe(false);
  });

  it('answers null, remembering nothing, when the user cancels', async () => {
    const p = picker(userPicking(undefined).dialogs);
    expect(await p.ask({ purpose: 'open-file' })).toBeNull();
  });

  it('shows no dialog to a refused sender or for a request that does not parse (a folder steered by the page included)', async () => {
    const refused = userPicking(path.join(root, 'x.csv'));
    expect(await picker(refused.dialogs, true).ask({ purpose: 'open-file' })).toBeNull();
    const malformed = userPicking(path.join(root, 'x.csv'));
    const p = picker(malformed.dialogs);
    for (const request of [undefined, 'open-file', { purpose: 'delete' }, { purpose: 'save-file', defaultName: '../../.bashrc' }, { purpose: 'open-file', defaultPath: '/etc' }]) {
      expect(await p.ask(request), JSON.stringify(request)).toBeNull();
    }
    expect([...refused.shown, ...malformed.shown]).toEqual([]);
  });
});
