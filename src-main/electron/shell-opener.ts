// The desktop's way of showing a document's file: Electron's shell opens it with the default app, or
// shows it in its folder. shell.openPath answers with an error message (empty on success) instead of
// throwing; this turns it into a contract error the renderer can show.
import { basename } from 'node:path';
import { AppError } from '../../src-shared/contract/define.ts';

export interface ShellFileActions {
  /** Electron's shell.openPath. */
  openPath(path: string): Promise<string>;
  /** Electron's shell.showItemInFolder. */
  showItemInFolder(path: string): void;
}

export function shellOpener(shell: ShellFileActions): { open(path: string): Promise<void>; reveal(path: string): Promise<void> } {
  return {
    async open(path) {
      const failure = await shell.openPath(path);
      if (failure) throw new AppError('unsupported', `The system could not open ${basename(path)}: ${failure}`);
    },
    async reveal(path) {
      shell.showItemInFolder(path);
    },
  };
}

/** Sites the app's own links point to (Walrus and Sui documentation and explorers): opened without asking. */
export const EXTERNAL_LINK_ALLOWLIST: readonly string[] = ['docs.wal.app', 'walrus.xyz', 'www.walrus.xyz', 'docs.sui.io', 'suiscan.xyz', 'suivision.xyz'];

export type ExternalLinkDecision =
  | { action: 'open'; url: string }
  /** Any other https site: only after the user confirms, shown the host as the browser will resolve it. */
  | { action: 'confirm'; url: string; host: string }
  | { action: 'refuse'; reason: string };

/**
 * What the desktop window does with a link that would open outside the app. Only https, never with
 * credentials in the URL (`https://docs.wal.app@evil.example` reads as the first site); the host is
 * compared in its ASCII form, so a look-alike Unicode name never matches an allowed one.
 */
export function externalLinkDecision(raw: string, allowlist: readonly string[] = EXTERNAL_LINK_ALLOWLIST): ExternalLinkDecision {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { action: 'refuse', reason: 'not a valid URL' };
  }
  if (url.protocol !== 'https:') return { action: 'refuse', reason: `${url.protocol} links are not opened` };
  if (url.username !== '' || url.password !== '') return { action: 'refuse', reason: 'links with credentials are not opened' };
  if (allowlist.includes(url.hostname)) return { action: 'open', url: url.href };
  return { action: 'confirm', url: url.href, host: url.hostname };
}
