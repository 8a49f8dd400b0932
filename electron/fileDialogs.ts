import type { BaseWindow, OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import type { DialogOptions, FileDialogs } from './pathPicker.ts';

/** The parts of Electron's dialog and window lookup the dialogs use; the desktop app passes Electron's own. */
export interface ElectronDialogParts {
  showOpenDialog(window: BaseWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showSaveDialog(window: BaseWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  /** the window of the WebContents with this id */
  windowOf(contentsId: number): BaseWindow | null;
}

/**
 * The path picker's dialogs as Electron's, each modal on the window that asked (so it cannot be left
 * behind, or shown by a page over another window), and none at all when that window is gone.
 */
export function electronFileDialogs(electron: ElectronDialogParts): FileDialogs {
  const open = async (contentsId: number, options: DialogOptions, property: 'openFile' | 'openDirectory') => {
    const window = electron.windowOf(contentsId);
    if (window === null) return undefined;
    const answer = await electron.showOpenDialog(window, { ...options, properties: [property, 'dontAddToRecent'] });
    return answer.canceled ? undefined : answer.filePaths[0];
  };
  return {
    openFile: (sender, options) => open(sender.id, options, 'openFile'),
    openDirectory: (sender, options) => open(sender.id, options, 'openDirectory'),
    async saveFile(sender, options) {
      const window = electron.windowOf(sender.id);
      if (window === null) return undefined;
      const answer = await electron.showSaveDialog(window, { ...options, properties: ['createDirectory', 'showOverwriteConfirmation', 'dontAddToRecent'] });
      return answer.canceled ? undefined : answer.filePath;
    },
  };
}
