// The tray (menu-bar) icon: follows the schedule and the backup job through the app's events and rebuilds
// its native menu from the model tray-menu.ts computes. Its actions go through the same dispatcher as the
// window's requests, so "Back up now" here is the very job the Backups page starts.
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { RequestName } from '../../src-shared/contract/index.ts';
import type { ScheduleStatus } from '../../src-shared/contract/backup.ts';
import type { PdwApp } from '../app.ts';
import { trayMenu, type TrayActionId, type TrayInputs, type TrayItem } from './tray-menu.ts';

export interface TrayDeps {
  app: PdwApp;
  /** The app icon, shrunk for the tray on Windows and Linux. */
  iconPath: string;
  /** macOS: a template image the menu bar tints for light and dark. */
  templatePath: string;
  openWindow(): void;
  quit(): void;
}

export interface AppTray {
  refresh(): Promise<void>;
  destroy(): void;
}

const TRAY_ICON_SIZE = 16;

function trayImage({ iconPath, templatePath }: TrayDeps): Electron.NativeImage {
  if (process.platform !== 'darwin') return nativeImage.createFromPath(iconPath).resize({ width: TRAY_ICON_SIZE, height: TRAY_ICON_SIZE });
  const template = nativeImage.createFromPath(templatePath);
  template.setTemplateImage(true);
  return template;
}

export function createTray(deps: TrayDeps): AppTray {
  const { app } = deps;
  const tray = new Tray(trayImage(deps));
  let schedule: ScheduleStatus | null = null;
  let backup: TrayInputs['backup'] = null;
  let backupJob: string | null = null;

  const call = async (name: RequestName, input: object) => {
    const result = await app.dispatch(name, input, { transport: 'ipc' });
    if (!result.ok) app.log.warn(`tray: ${name} failed`, { code: result.error.code, message: result.error.message });
    return result;
  };
  const actions: Record<TrayActionId, () => void> = {
    'backup-now': () =>
      void call('backup.run', {}).then((result) => {
        if (!result.ok || backup) return;
        backupJob = (result.value as { jobId: string }).jobId;
        backup = { done: 0, total: null, unit: 'items' };
        render();
      }),
    pause: () => void call('backup.pauseSchedule', { paused: true }).then(() => refresh()),
    resume: () => void call('backup.pauseSchedule', { paused: false }).then(() => refresh()),
    open: () => deps.openWindow(),
    quit: () => deps.quit(),
  };
  const toTemplate = (item: TrayItem): MenuItemConstructorOptions =>
    item.kind === 'separator'
      ? { type: 'separator' }
      : item.kind === 'label'
        ? { label: item.label, enabled: false }
        : { label: item.label, enabled: item.enabled, click: actions[item.id] };
  const render = () => {
    const model = trayMenu({ schedule, backup, formatDate: (iso) => new Date(iso).toLocaleString() });
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(model.items.map(toTemplate)));
  };
  async function refresh(): Promise<void> {
    const result = await call('backup.schedule', {});
    if (result.ok) schedule = result.value as ScheduleStatus;
    render();
  }

  const unsubscribe = app.events.subscribe((event) => {
    if (event.name === 'job.progress' && event.payload.kind === 'backup') {
      backupJob = event.payload.jobId;
      backup = { done: event.payload.done, total: event.payload.total, unit: event.payload.unit };
      render();
    } else if (event.name === 'job.finished' && event.payload.kind === 'backup' && (backupJob === null || event.payload.jobId === backupJob)) {
      backupJob = null;
      backup = null;
      render();
    } else if (event.name === 'backup.changed') {
      void refresh();
    }
  });
  // Windows and Linux open the app on a click; macOS shows the menu.
  tray.on('click', () => {
    if (process.platform !== 'darwin') deps.openWindow();
  });
  render();
  void refresh();
  return {
    refresh,
    destroy() {
      unsubscribe();
      tray.destroy();
    },
  };
}
