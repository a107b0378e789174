// The security-relevant configuration of the app window, kept apart so tests can assert it without
// starting Electron: isolated, sandboxed renderer with no Node, our preload only.
import type { BrowserWindowConstructorOptions } from 'electron';

/** Applied as a response header to everything the renderer loads (the page also carries it in a meta tag). */
export const DESKTOP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function windowOptions(preloadPath: string, iconPath: string): BrowserWindowConstructorOptions {
  return {
    icon: iconPath,
    width: 1200,
    height: 800,
    minWidth: 820,
    minHeight: 560,
    show: false,
    title: 'Personal Data Wallet',
    backgroundColor: '#111418',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  };
}

/** Only our own bundled pages may be shown; everything else is refused. */
export function isAppUrl(url: string, rendererUrl: string): boolean {
  try {
    const target = new URL(url);
    const own = new URL(rendererUrl);
    return target.protocol === own.protocol && target.host === own.host && target.pathname === own.pathname;
  } catch {
    return false;
  }
}

/** What main knows about the sender of an IPC message. */
export interface IpcSender {
  webContentsId: number;
  isMainFrame: boolean;
  frameUrl: string | null;
}

/** IPC is accepted only from our window's main frame showing our own page. */
export function isTrustedSender(sender: IpcSender, windowContentsId: number, rendererUrl: string): boolean {
  return sender.webContentsId === windowContentsId && sender.isMainFrame && sender.frameUrl !== null && isAppUrl(sender.frameUrl, rendererUrl);
}
