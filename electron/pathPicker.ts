import path from 'node:path';
import type { PathAccess } from '../api/pathArguments.ts';
import { pathPickRequest } from '../api/pathPicking.ts';
import type { PickedPaths } from '../core/workspace/pickedPaths.ts';
import type { IpcMainLike } from './ipcBinding.ts';
import { PICK_PATH_CHANNEL } from './ipcChannels.ts';
import type { IpcEventLike } from './senderFrame.ts';

/** A file dialog's options as the main process builds them (a subset of Electron's). */
export interface DialogOptions {
  title?: string;
  /** where the dialog opens: the workspace, or a proposed name in it */
  defaultPath: string;
  filters?: { name: string; extensions: string[] }[];
}

/** Electron's dialogs, shown over the window that asked; a test passes fakes. Each answers the path, or undefined when cancelled. */
export interface FileDialogs {
  openFile(sender: IpcEventLike['sender'], options: DialogOptions): Promise<string | undefined>;
  openDirectory(sender: IpcEventLike['sender'], options: DialogOptions): Promise<string | undefined>;
  saveFile(sender: IpcEventLike['sender'], options: DialogOptions): Promise<string | undefined>;
}

export interface PathPickerOptions {
  dialogs: FileDialogs;
  picked: PickedPaths;
  workspace: string;
  /** the core binding's check of who sent: the same windows and frames may ask for a dialog */
  refusal(event: IpcEventLike): string | undefined;
}

const accessFor = { 'open-file': 'read', 'save-file': 'write', directory: 'write' } as const satisfies Record<string, PathAccess>;

/**
 * Answers the page's `pickPath` with a file dialog the user drives, and remembers what they picked, for
 * the use the dialog was for, in `picked`: only the user's own choice lets the page name a path outside
 * the workspace. A request the check refuses or that does not parse shows no dialog and answers null.
 * Returns what removes the handler.
 */
export function bindPathPicker(ipcMain: IpcMainLike, options: PathPickerOptions): () => void {
  const { dialogs, picked, workspace, refusal } = options;
  ipcMain.handle(PICK_PATH_CHANNEL, async (event, request) => {
    if (refusal(event) !== undefined) return null;
    const parsed = pathPickRequest.safeParse(request);
    if (!parsed.success) return null;
    const { purpose, title, defaultName, filters } = parsed.data;
    const dialogOptions: DialogOptions = {
      defaultPath: defaultName === undefined ? workspace : path.join(workspace, defaultName),
      ...(title === undefined ? {} : { title }),
      ...(filters === undefined ? {} : { filters }),
    };
    const chosen = await (purpose === 'open-file'
      ? dialogs.openFile(event.sender, dialogOptions)
      : purpose === 'save-file'
        ? dialogs.saveFile(event.sender, dialogOptions)
        : dialogs.openDirectory(event.sender, dialogOptions));
    if (chosen === undefined || chosen === '') return null;
    picked.add(chosen, accessFor[purpose]);
    return chosen;
  });
  return () => ipcMain.removeHandler(PICK_PATH_CHANNEL);
}
