// The tray's menu model from the app's backup state, and the desktop's background decisions (quit or keep
// running when the window closes, hidden starts at login, the login item), all without Electron.
import { describe, expect, it } from 'vitest';
import { afterLastWindowClosed, loginItemSettings, startsHidden } from '../../../src-main/electron/background.ts';
import { trayMenu, type TrayInputs, type TrayItem } from '../../../src-main/electron/tray-menu.ts';

const schedule: NonNullable<TrayInputs['schedule']> = {
  interval: 'daily',
  nextRunAt: '2026-12-06T02:30:00.000Z',
  lastRunAt: '2026-12-05T02:30:00.000Z',
  lastOutcome: 'complete',
  lastError: null,
  paused: false,
};
const formatDate = (iso: string) => `<${iso.slice(0, 16)}>`;
const menu = (over: Partial<TrayInputs>) => trayMenu({ schedule, backup: null, formatDate, ...over });
const labels = (items: TrayItem[]) => items.filter((i) => i.kind === 'label').map((i) => i.label);
const action = (items: TrayItem[], id: string) => items.find((i) => i.kind === 'action' && i.id === id) as Extract<TrayItem, { kind: 'action' }> | undefined;

describe('tray menu model', () => {
  it('idle: status, last and next run, and every action', () => {
    const { tooltip, items } = menu({});
    expect(labels(items)).toEqual(['Idle', 'Last backup: <2026-12-05T02:30> (complete)', 'Next backup: <2026-12-06T02:30>']);
    expect(tooltip).toBe('Personal Data Wallet: Idle');
    expect(items.filter((i) => i.kind === 'action').map((i) => [i.kind === 'action' && i.id, i.kind === 'action' && i.enabled])).toEqual([
      ['backup-now', true],
      ['pause', true],
      ['open', true],
      ['quit', true],
    ]);
    expect(action(items, 'open')?.label).toBe('Open Personal Data Wallet');
  });

  it('backing up: progress in the status, and "Back up now" waits', () => {
    const { items, tooltip } = menu({ backup: { done: 12, total: 40, unit: 'items' } });
    expect(labels(items)[0]).toBe('Backing up… 30% (12 of 40 items)');
    expect(tooltip).toContain('Backing up… 30%');
    expect(action(items, 'backup-now')).toMatchObject({ label: 'Backing up…', enabled: false });
    expect(labels(menu({ backup: { done: 0, total: null, unit: 'items' } }).items)[0]).toBe('Backing up…');
  });

  it('a failed run says why', () => {
    const { items } = menu({ schedule: { ...schedule, lastOutcome: 'failed', lastError: 'Walrus publisher: 503' } });
    expect(labels(items)[0]).toBe('Last backup failed: Walrus publisher: 503');
    expect(labels(items)[1]).toContain('(failed)');
  });

  it('paused: Resume instead of Pause, no next run', () => {
    const { items } = menu({ schedule: { ...schedule, paused: true } });
    expect(labels(items)).toContain('Backups paused');
    expect(labels(items)).toContain('Next backup: paused');
    expect(action(items, 'pause')).toBeUndefined();
    expect(action(items, 'resume')).toMatchObject({ label: 'Resume backups', enabled: true });
  });

  it('no schedule: nothing to pause, backing up by hand still works', () => {
    const { items } = menu({ schedule: { ...schedule, interval: 'off', nextRunAt: null, lastRunAt: null, lastOutcome: null } });
    expect(labels(items)).toEqual(['Automatic backups are off', 'Last backup: never', 'Next backup: not scheduled']);
    expect(action(items, 'pause')?.enabled).toBe(false);
    expect(action(items, 'backup-now')?.enabled).toBe(true);
    expect(labels(menu({ schedule: null }).items)[0]).toBe('Automatic backups are off');
  });
});

describe('desktop background decisions', () => {
  it('closing the window keeps the app running only with a tray and the setting on (macOS: as apps do there)', () => {
    expect(afterLastWindowClosed({ platform: 'linux', hasTray: true, runInBackground: true })).toBe('keep-running');
    expect(afterLastWindowClosed({ platform: 'linux', hasTray: true, runInBackground: false })).toBe('quit');
    expect(afterLastWindowClosed({ platform: 'win32', hasTray: false, runInBackground: true })).toBe('quit');
    expect(afterLastWindowClosed({ platform: 'darwin', hasTray: false, runInBackground: false })).toBe('keep-running');
  });

  it('a start at login is hidden in the tray, never without one', () => {
    expect(startsHidden(['electron', '.', '--hidden'], false, true)).toBe(true);
    expect(startsHidden(['electron', '.'], true, true)).toBe(true);
    expect(startsHidden(['electron', '.'], false, true)).toBe(false);
    expect(startsHidden(['electron', '.', '--hidden'], true, false)).toBe(false);
  });

  it('the login item follows the setting and starts hidden', () => {
    expect(loginItemSettings(true)).toEqual({ openAtLogin: true, openAsHidden: true, args: ['--hidden'] });
    expect(loginItemSettings(false).openAtLogin).toBe(false);
  });
});
