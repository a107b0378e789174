// Where PDW keeps its data. The desktop app, the CLI and the web host share one default so that
// `pdw search` finds what the desktop app ingested.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'personal-data-wallet';
const APP_DISPLAY_NAME = 'Personal Data Wallet';

/** `dirs`: the platform's base folders, as the configuration parsed them; unset, the OS defaults. */
export function defaultDataDir(dirs: { XDG_DATA_HOME?: string | undefined; APPDATA?: string | undefined } = {}, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(dirs.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DISPLAY_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DISPLAY_NAME);
  return join(dirs.XDG_DATA_HOME || join(homedir(), '.local', 'share'), APP_DIR_NAME);
}
