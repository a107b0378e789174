// Life in the background, as decisions the desktop main follows: whether closing the last window quits,
// whether a start shows the window, and the one-time word that the app keeps running. Pure except for the
// small file that remembers that word was said.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';

export const HIDDEN_START_ARG = '--hidden';

export interface BackgroundInputs {
  platform: NodeJS.Platform;
  /** A tray icon exists (some Linux desktops have none to show it in). */
  hasTray: boolean;
  runInBackground: boolean;
}

/** After the last window closed: keep running in the tray, quit, or (macOS) stay in the dock as apps do there. */
export function afterLastWindowClosed({ platform, hasTray, runInBackground }: BackgroundInputs): 'keep-running' | 'quit' {
  if (hasTray && runInBackground) return 'keep-running';
  return platform === 'darwin' ? 'keep-running' : 'quit';
}

/** A start at login (hidden) opens no window when the tray can bring it back. */
export function startsHidden(argv: readonly string[], openedAtLogin: boolean, hasTray: boolean): boolean {
  return hasTray && (openedAtLogin || argv.includes(HIDDEN_START_ARG));
}

/** What the OS's login items should hold for the `launchAtLogin` setting. */
export function loginItemSettings(launchAtLogin: boolean): { openAtLogin: boolean; openAsHidden: boolean; args: string[] } {
  return { openAtLogin: launchAtLogin, openAsHidden: true, args: [HIDDEN_START_ARG] };
}

export const BACKGROUND_NOTICE = {
  title: 'Personal Data Wallet is still running',
  body: 'Scheduled backups go on in the background. Open the app or quit from its tray icon; Settings → "Keep running when the window is closed" turns this off.',
};

/** Remembers, in the data directory, that the background notice was shown (it is shown once). */
export class OnceFlag {
  readonly #file: string;

  constructor(dataDir: string, name: string) {
    this.#file = join(dataDir, 'desktop', `${name}.done`);
  }

  /** True the first time only (per data directory). */
  async claim(): Promise<boolean> {
    if ((await readFile(this.#file, 'utf8').catch(() => null)) !== null) return false;
    await writeFileAtomic(this.#file, new Date().toISOString());
    return true;
  }
}
