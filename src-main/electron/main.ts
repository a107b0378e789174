// The Electron main process: a thin shell around the composition root. It owns the window, the
// IPC transport and the app lifecycle; everything else runs in the plain-Node services.
import { app as electronApp, BrowserWindow, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp, type PdwApp } from '../app.ts';
import { APP_ICON_PATH } from './app-icon.ts';
import { electronPathPicker } from './dialogs.ts';
import { shellOpener } from './shell-opener.ts';
import { connectIpc } from './ipc.ts';
import { createSafeStorageSealer } from './safe-storage-sealer.ts';
import { DESKTOP_CSP, isAppUrl, windowOptions } from './window-options.ts';

const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererFile).href;
let pdw: PdwApp | undefined;

if (!electronApp.requestSingleInstanceLock()) electronApp.quit();

electronApp.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

async function openWindow(app: PdwApp): Promise<void> {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const window = new BrowserWindow(windowOptions(join(import.meta.dirname, '../preload/index.cjs'), APP_ICON_PATH));
  const disconnect = connectIpc(app, window, rendererUrl);
  window.on('closed', disconnect);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(rendererUrl);
}

electronApp.whenReady().then(async () => {
  try {
    pdw = await createApp({
      mode: 'desktop',
      pickPaths: electronPathPicker,
      fileShell: shellOpener(shell),
      sealer: await createSafeStorageSealer(safeStorage),
    });
    await pdw.start();
    await openWindow(pdw);
  } catch (error) {
    const { dialog } = await import('electron');
    dialog.showErrorBox('Personal Data Wallet could not start', error instanceof Error ? error.message : String(error));
    electronApp.exit(1);
  }
});

electronApp.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
electronApp.on('window-all-closed', () => {
  if (process.platform !== 'darwin') electronApp.quit();
});
electronApp.on('activate', () => {
  if (pdw && BrowserWindow.getAllWindows().length === 0) void openWindow(pdw);
});

let stopping = false;
electronApp.on('before-quit', (event) => {
  if (!pdw || stopping) return;
  stopping = true;
  event.preventDefault();
  void pdw.stop().finally(() => electronApp.quit());
});
