// The Electron main process: a thin shell around the composition root. It owns the window, the
// IPC transport and the app lifecycle; everything else runs in the plain-Node services.
import { app as electronApp, BrowserWindow, dialog, Notification, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp, type PdwApp } from '../app.ts';
import { withoutDevVariables } from '../kernel/index.ts';
import { APP_ICON_PATH, TRAY_TEMPLATE_PATH } from './app-icon.ts';
import { electronPathPicker } from './dialogs.ts';
import { externalLinkDecision, shellOpener } from './shell-opener.ts';
import { connectIpc } from './ipc.ts';
import { createSafeStorageSealer } from './safe-storage-sealer.ts';
import { DESKTOP_CSP, isAppUrl, windowOptions } from './window-options.ts';
import { afterLastWindowClosed, BACKGROUND_NOTICE, loginItemSettings, OnceFlag, startsHidden } from './background.ts';
import { createTray, type AppTray } from './tray.ts';

const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererFile).href;
let pdw: PdwApp | undefined;
let tray: AppTray | undefined;

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

function secureSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

async function openWindow(app: PdwApp, page?: 'backups' | 'settings'): Promise<void> {
  const window = new BrowserWindow(windowOptions(join(import.meta.dirname, '../preload/index.cjs'), APP_ICON_PATH));
  const disconnect = connectIpc(app, window, rendererUrl);
  window.on('closed', disconnect);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(page ? `${rendererUrl}#/${page}` : rendererUrl);
}

/** Brings the window back (from the tray or a notification), opening a new one if it was closed. */
function showWindow(app: PdwApp, page?: 'backups' | 'settings'): void {
  const window = BrowserWindow.getAllWindows()[0];
  if (!window) return void openWindow(app, page);
  window.show();
  window.focus();
  if (page) app.events.emit('app.showPage', { page });
}

/** Backup notices as OS notifications; a click opens the Backups page. */
function notifyBackupNotices(app: PdwApp): void {
  app.events.subscribe((event) => {
    if (event.name !== 'backup.notice' || !Notification.isSupported()) return;
    const notification = new Notification({ title: event.payload.title, body: event.payload.body });
    notification.on('click', () => showWindow(app, 'backups'));
    notification.show();
  });
}

/** The tray icon, close-to-background and launch at login; the window opens unless started hidden at login. */
async function startDesktopShell(app: PdwApp): Promise<void> {
  try {
    tray = createTray({ app, iconPath: APP_ICON_PATH, templatePath: TRAY_TEMPLATE_PATH, openWindow: () => showWindow(app), quit: () => electronApp.quit() });
  } catch (error) {
    app.log.warn('no tray icon on this desktop: closing the window quits', { error: String(error) });
  }
  // Login items exist on macOS and Windows; elsewhere the setting has no effect, and must not stop the app.
  const applyLoginItem = (launchAtLogin: boolean) => {
    try {
      electronApp.setLoginItemSettings(loginItemSettings(launchAtLogin));
    } catch (error) {
      app.log.warn('login items are not supported on this system', { error: String(error) });
    }
  };
  applyLoginItem(app.settings.current.launchAtLogin);
  app.settings.onChange((s) => applyLoginItem(s.launchAtLogin));
  notifyBackupNotices(app);
  const atLogin = process.platform === 'darwin' && electronApp.getLoginItemSettings().wasOpenedAtLogin === true; // macOS only; Windows passes --hidden
  if (!startsHidden(process.argv, atLogin, tray !== undefined)) await openWindow(app);
}

electronApp.whenReady().then(async () => {
  try {
    pdw = await createApp({
      mode: 'desktop',
      ...(electronApp.isPackaged ? { env: withoutDevVariables(process.env) } : {}),
      pickPaths: electronPathPicker,
      fileShell: shellOpener(shell),
      sealer: await createSafeStorageSealer(safeStorage),
    });
    await pdw.start();
    secureSession();
    await startDesktopShell(pdw);
  } catch (error) {
    dialog.showErrorBox('Personal Data Wallet could not start', error instanceof Error ? error.message : String(error));
    electronApp.exit(1);
  }
});

electronApp.on('second-instance', () => {
  if (pdw) showWindow(pdw); // also when it lives in the tray with no window
});
electronApp.on('window-all-closed', () => {
  const runInBackground = pdw?.settings.current.runInBackground ?? false;
  if (afterLastWindowClosed({ platform: process.platform, hasTray: tray !== undefined, runInBackground }) === 'quit') return electronApp.quit();
  if (!pdw || !tray || !Notification.isSupported()) return;
  // The first time only: say that backups go on, and where to find the app.
  void new OnceFlag(pdw.config.dataDir, 'background-notice').claim().then((first) => {
    if (first) new Notification(BACKGROUND_NOTICE).show();
  });
});
electronApp.on('activate', () => {
  if (pdw && BrowserWindow.getAllWindows().length === 0) void openWindow(pdw);
});

let stopping = false;
electronApp.on('before-quit', (event) => {
  if (!pdw || stopping) return;
  stopping = true;
  event.preventDefault();
  tray?.destroy();
  void pdw.stop().finally(() => electronApp.quit());
});
