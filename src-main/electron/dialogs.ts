// Native file dialogs: in the desktop app, main picks the paths itself — the renderer never sends raw paths.
import { BrowserWindow, dialog } from 'electron';
import type { PathPicker } from '../app.ts';

export const electronPathPicker: PathPicker = async (kind) => {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options: Electron.OpenDialogOptions = {
    title: kind === 'folder' ? 'Add a folder to the library' : 'Add files to the library',
    properties: kind === 'folder' ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
    ...(kind === 'files' ? { filters: [{ name: 'Documents', extensions: ['txt', 'md', 'markdown', 'html', 'htm', 'pdf'] }, { name: 'All files', extensions: ['*'] }] } : {}),
  };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
};
