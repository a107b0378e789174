// The Electron main process: a thin shell around the composition root. It owns the window, the
// IPC transport and the app lifecycle; everything else runs in the plain-Node services.
import { app as electronApp, BrowserWindow, dialog, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp, type PdwApp } from '../app.ts';
import { APP_ICON_PATH } from './app-icon.ts';
import { electronPathPicker } from './dialogs.ts';
import { externalLinkDecision, shellOpener } from './shell-opener.ts';
import { connectIpc } from './ipc.ts';
import { createSafeStorageSealer } from './safe-storage-sealer.ts';
import { DESKTOP_CSP, isAppUrl, windowOptions } from './window-options.ts';

const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererFile).href;
let pdw: PdwApp | undefined;

if (!electronApp.requestSingleInstanceLock()) electronApp.quit();

electronApp.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalLink(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, rendererUrl)) return;
    event.preventDefault();
    void openExternalLink(url); // a plain link: the same rules as one opening a new window
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

/** A link leaving the app: allowed sites open in the browser, other https sites only once the user agrees. */
async function openExternalLink(raw: string): Promise<void> {
  const decision = externalLinkDecision(raw);
  if (decision.action === 'refuse') return;
  if (decision.action === 'confirm') {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    const options: Electron.MessageBoxOptions = {
      type: 'question',
      buttons: ['Cancel', 'Open in browser'],
      defaultId: 0,
      cancelId: 0,
      message: `Open ${decision.host} in your browser?`,
      detail: decision.url,
    };
    const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    if (response !== 1) return;
  }
  await shell.openExternal(decision.url);
}

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
