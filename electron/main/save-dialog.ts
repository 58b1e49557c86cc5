import { BrowserWindow, dialog } from 'electron';
import type { SaveLocation } from '../attachments/save-location';

/** Electron asks the user where each attachment goes, next to the window that asked. */
export const saveDialog: SaveLocation = {
  choose: async (filename) => {
    const window = BrowserWindow.getFocusedWindow();
    const options = { defaultPath: filename, title: 'Save attachment' };
    const result = window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
    return result.canceled || result.filePath === '' ? null : result.filePath;
  },
};
