// What the tray (menu-bar) icon shows, as plain data: the app's backup state in, the menu model out. No
// Electron here, so every rule is unit-tested under Node; tray.ts turns the model into a native menu.
import type { ScheduleStatus } from '../../src-shared/contract/backup.ts';

export type TrayActionId = 'backup-now' | 'pause' | 'resume' | 'open' | 'quit';

export type TrayItem =
  | { kind: 'label'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; id: TrayActionId; label: string; enabled: boolean };

export interface TrayMenuModel {
  /** The icon's hover text: the status in one line. */
  tooltip: string;
  items: TrayItem[];
}

export interface TrayInputs {
  schedule: Pick<ScheduleStatus, 'interval' | 'nextRunAt' | 'lastRunAt' | 'lastOutcome' | 'lastError' | 'paused'> | null;
  /** The backup job under way, with its progress when it has reported any. */
  backup: { done: number; total: number | null; unit: string } | null;
  /** Formats a date for people (the host's locale); injected so tests are stable. */
  formatDate: (iso: string) => string;
}

const APP_NAME = 'Personal Data Wallet';
const OUTCOMES: Record<NonNullable<ScheduleStatus['lastOutcome']>, string> = {
  complete: 'complete',
  pending: 'saved locally, waiting for Walrus',
  skipped: 'nothing changed',
  failed: 'failed',
};

export function trayMenu({ schedule, backup, formatDate }: TrayInputs): TrayMenuModel {
  const status = statusLine(schedule, backup);
  const lastRun = schedule?.lastRunAt ? `Last backup: ${formatDate(schedule.lastRunAt)}${schedule.lastOutcome ? ` (${OUTCOMES[schedule.lastOutcome]})` : ''}` : 'Last backup: never';
  const items: TrayItem[] = [
    { kind: 'label', label: status },
    { kind: 'label', label: lastRun },
    { kind: 'label', label: nextRunLine(schedule, formatDate) },
    { kind: 'separator' },
    { kind: 'action', id: 'backup-now', label: backup ? 'Backing up…' : 'Back up now', enabled: backup === null },
  ];
  const scheduled = schedule !== null && schedule.interval !== 'off';
  items.push(
    schedule?.paused
      ? { kind: 'action', id: 'resume', label: 'Resume backups', enabled: true }
      : { kind: 'action', id: 'pause', label: 'Pause backups', enabled: scheduled },
    { kind: 'separator' },
    { kind: 'action', id: 'open', label: `Open ${APP_NAME}`, enabled: true },
    { kind: 'action', id: 'quit', label: 'Quit', enabled: true },
  );
  return { tooltip: `${APP_NAME}: ${status}`, items };
}

function statusLine(schedule: TrayInputs['schedule'], backup: TrayInputs['backup']): string {
  if (backup) {
    if (backup.total === null || backup.total === 0) return 'Backing up…';
    return `Backing up… ${Math.floor((100 * backup.done) / backup.total)}% (${backup.done} of ${backup.total} ${backup.unit})`;
  }
  if (schedule?.lastOutcome === 'failed') return `Last backup failed: ${schedule.lastError ?? 'unknown error'}`;
  if (schedule?.paused) return 'Backups paused';
  if (!schedule || schedule.interval === 'off') return 'Automatic backups are off';
  return 'Idle';
}

function nextRunLine(schedule: TrayInputs['schedule'], formatDate: (iso: string) => string): string {
  if (!schedule || schedule.interval === 'off') return 'Next backup: not scheduled';
  if (schedule.paused) return 'Next backup: paused';
  return schedule.nextRunAt ? `Next backup: ${formatDate(schedule.nextRunAt)}` : 'Next backup: not scheduled';
}
