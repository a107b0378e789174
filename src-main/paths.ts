// Where PDW keeps its data. The desktop app, the CLI and the web host share one default so that
// `pdw search` finds what the desktop app ingested.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'personal-data-wallet';
const APP_DISPLAY_NAME = 'Personal Data Wallet';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DISPLAY_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DISPLAY_NAME);
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), APP_DIR_NAME);
}
