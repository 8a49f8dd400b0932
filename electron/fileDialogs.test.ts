import { describe, expect, it } from 'vitest';
import type { BaseWindow } from 'electron';
import { electronFileDialogs, type ElectronDialogParts } from './fileDialogs.ts';

function fakeElectron(answer: { canceled: boolean; path?: string }, window: BaseWindow | null = {} as BaseWindow) {
  const calls: { kind: string; window: BaseWindow; options: unknown }[] = [];
  const parts: ElectronDialogParts = {
    showOpenDialog: async (w, options) => (calls.push({ kind: 'open', window: w, options }), { canceled: answer.canceled, filePaths: answer.path ? [answer.path] : [] }),
    showSaveDialog: async (w, options) => (calls.push({ kind: 'save', window: w, options }), { canceled: answer.canceled, ...(answer.path ? { filePath: answer.path } : { filePath: '' }) }),
    windowOf: () => window,
  };
  return { parts, calls };
}

describe("Electron's file dialogs", () => {
  it('are modal on the window that asked, and answer the path picked', async () => {
    const window = { id: 1 } as unknown as BaseWindow;
    const { parts, calls } = fakeElectron({ canceled: false, path: '/home/u/prices.csv' }, window);
    const dialogs = electronFileDialogs(parts);
    expect(await dialogs.openFile({ id: 2 }, { defaultPath: '/ws' })).toBe('/home/u/prices.csv');
    expect(await dialogs.openDirectory({ id: 2 }, { defaultPath: '/ws' })).toBe('/home/u/prices.csv');
    expect(await dialogs.saveFile({ id: 2 }, { defaultPath: '/ws/book.csv' })).toBe('/home/u/prices.csv');
    expect(calls.map((c) => [c.kind, c.window])).toEqual([
      ['open', window],
      ['open', window],
      ['save', window],
    ]);
    expect(calls[0]!.options).toMatchObject({ defaultPath: '/ws', properties: ['openFile', 'dontAddToRecent'] });
    expect(calls[1]!.options).toMatchObject({ properties: ['openDirectory', 'dontAddToRecent'] });
  });

  it('answer nothing when cancelled or when the window is gone', async () => {
    expect(await electronFileDialogs(fakeElectron({ canceled: true }).parts).openFile({ id: 2 }, { defaultPath: '/ws' })).toBeUndefined();
    expect(await electronFileDialogs(fakeElectron({ canceled: true }).parts).saveFile({ id: 2 }, { defaultPath: '/ws' })).toBeUndefined();
    const gone = fakeElectron({ canceled: false, path: '/x' }, null);
    expect(await electronFileDialogs(gone.parts).saveFile({ id: 2 }, { defaultPath: '/ws' })).toBeUndefined();
    expect(gone.calls).toEqual([]);
  });
});
