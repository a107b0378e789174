// Runs the built desktop main under plain Node with `electron` stood in for, and lives through the tray:
// the icon and its menu appear, the launch-at-login setting reaches the OS's login items, closing the window
// leaves the app running (with a one-time notification), "Back up now" in the tray menu starts a backup job,
// and "Open" brings a window back. Prints what happened as JSON. Usage: node drive-tray.ts <data dir>
import { register } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

register('./electron-hooks.ts', import.meta.url);
const [dataDir] = process.argv.slice(2);
process.env.PDW_DATA_DIR = dataDir;

const { state } = await import('./electron-stand-in.ts');
type MenuItem = (typeof state.trayMenus)[number][number];
await import(new URL('../../../out/main/index.js', import.meta.url).href);
state.ready();

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
const windowReady = () => state.ipcHandler !== null && state.window?.webContents.mainFrame.url !== '' && state.window !== null;
/** One request as the window sends it; the value of a successful reply. */
async function call<T>(name: string, input: unknown): Promise<T> {
  const contents = state.window!.webContents;
  const reply = (await state.ipcHandler!({ sender: { id: contents.id }, senderFrame: contents.mainFrame }, name, input)) as { ok: boolean; value: T; error?: unknown };
  if (!reply.ok) throw new Error(`${name} failed: ${JSON.stringify(reply.error)}`);
  return reply.value;
}
const labels = (menu: MenuItem[]) => menu.filter((i) => i.type !== 'separator').map((i) => `${i.label}${i.enabled === false ? ' [disabled]' : ''}`);
const click = (label: string) => {
  const item = state.tray!.menu.find((i) => i.label === label);
  if (!item?.click) throw new Error(`no "${label}" in the tray menu: ${JSON.stringify(labels(state.tray!.menu))}`);
  item.click();
};

await until('the window', windowReady);
await until('the tray menu to show the schedule', () => state.tray !== null && state.trayMenus.length >= 2);
const firstMenu = labels(state.tray!.menu);
await call('settings.update', { launchAtLogin: true });
await call('wallet.create', { words: 12, passphrase: 'tray backups passphrase' }); // backups need its keys

state.closeWindow();
await sleep(300); // the one-time notice is written, then shown
const afterClose = { quits: state.quits, windows: state.window === null ? 0 : 1, notifications: [...state.notifications] };

const menusBefore = state.trayMenus.length;
click('Back up now');
await until('the tray to show the backup', () => state.trayMenus.slice(menusBefore).some((m) => labels(m).includes('Backing up… [disabled]')));
await until('the backup job to end', () => labels(state.tray!.menu).includes('Back up now'));

click('Open Personal Data Wallet');
await until('a new window', windowReady);
const { runs } = await call<{ runs: { kind: string; outcome: string; message: string | null }[] }>('backup.runs', {});
state.closeWindow(); // a second close: no second notice
await sleep(300);
click('Quit');

console.log(
  JSON.stringify({
    firstMenu,
    tooltip: state.tray!.tooltip,
    loginItems: state.loginItems,
    afterClose,
    windowsOpened: state.windowsOpened,
    runs,
    notifications: state.notifications,
    quits: state.quits,
  }),
);
process.exit(0);
