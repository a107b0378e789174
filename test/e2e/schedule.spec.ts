import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { callServed, startServe, type ServedApp } from './fixtures.ts';

// The Backups page's schedule control (any interval, a time of day, pause) and a notice banner with the
// action that fixes it, in the real renderer against `pdw serve` with the local Walrus (one-day epochs). Storage
// is bought for one epoch at a time here, so a fresh snapshot is inside the 7-day warning window with its renewal
// already due (renewal acts at 2 epochs left): the history marks it as expiring soon.
let served: ServedApp;
let stopServe: () => Promise<void>;
let root: string;

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pdw-e2e-schedule-'));
  await mkdir(join(root, 'data'));
  await writeFile(join(root, 'data', 'settings.json'), JSON.stringify({ storageEpochs: 1 }));
  const server = await startServe({ PDW_PASSPHRASE: 'correct horse battery staple', TZ: 'Europe/Berlin' }, ['--walrus', 'local'], { dataDir: join(root, 'data') });
  served = server.served;
  stopServe = server.stop;
});
test.afterAll(async () => {
  await stopServe?.();
  if (root) await rm(root, { recursive: true, force: true });
});

const api = <T = Record<string, unknown>>(page: Page, name: string, body: unknown) => callServed<T>(page, served, name, body);

test('sets any interval and a time of day from the keyboard, names bad values, pauses and resumes', async ({ page }) => {
  await page.goto(`${served.openUrl}#/backups`);
  const schedule = page.getByTestId('schedule');
  const save = schedule.getByRole('button', { name: 'Save schedule' });
  await expect(schedule.getByLabel('Backup interval')).toHaveValue('off');

  // A custom interval below 15 minutes is named, and cannot be saved.
  await schedule.getByLabel('Backup interval').selectOption('custom');
  const minutes = schedule.getByLabel('Minutes between backups');
  await minutes.fill('10');
  await expect(schedule.getByRole('alert')).toContainText('at least 15');
  await expect(save).toBeDisabled();
  await minutes.fill('90');
  // A time of day needs whole days.
  await schedule.getByLabel('Time of day').fill('03:30');
  await expect(schedule.getByRole('alert')).toContainText('whole-day');
  await expect(save).toBeDisabled();
  await schedule.getByLabel('Time of day').fill('');
  await save.click();
  await expect(schedule.getByTestId('next-run')).toContainText('Next backup');
  expect((await api(page, 'backup.schedule', {})).value).toMatchObject({ interval: 'custom', intervalMinutes: 90, timeOfDay: null, paused: false });

  // Daily at 03:30, chosen and saved with the keyboard only.
  await schedule.getByLabel('Backup interval').focus();
  await schedule.getByLabel('Backup interval').selectOption('daily');
  await schedule.getByLabel('Time of day').focus();
  await page.keyboard.type('0330A'); // hours, minutes, AM (the browser's en-US time field)
  await expect(schedule.getByLabel('Time of day')).toHaveValue('03:30');
  await page.keyboard.press('Enter'); // submits the schedule form
  await expect.poll(async () => (await api(page, 'backup.schedule', {})).value.timeOfDay).toBe('03:30');
  const status = (await api<{ interval: string; nextRunAt: string }>(page, 'backup.schedule', {})).value;
  expect(status.interval).toBe('daily');
  // The next run is at 03:30 in the server's zone (Europe/Berlin), within a day, and the page shows its date.
  const next = new Date(status.nextRunAt);
  expect(next.toLocaleTimeString('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' })).toBe('03:30');
  expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000 + 3_600_000);
  await expect(schedule.getByTestId('next-run')).toContainText(next.toLocaleDateString());

  await schedule.getByRole('button', { name: 'Pause backups' }).click();
  await expect(schedule.getByTestId('next-run')).toHaveText('Paused: no backups run until resumed');
  expect((await api(page, 'backup.schedule', {})).value.paused).toBe(true);
  await schedule.getByRole('button', { name: 'Resume backups' }).click();
  await expect(schedule.getByTestId('next-run')).toContainText('Next backup');
  expect((await api(page, 'backup.schedule', {})).value.paused).toBe(false);
});

/** Records the browser notifications the page shows and its permission requests (the real API underneath). */
async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const record = { shown: [] as string[], asked: 0 };
    (globalThis as unknown as { notificationRecord: typeof record }).notificationRecord = record;
    const Real = window.Notification;
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        record.shown.push(title);
      }
      static override requestPermission(): Promise<NotificationPermission> {
        record.asked++;
        return Real.requestPermission();
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recording, configurable: true });
  });
}
const notificationRecord = (page: Page) => page.evaluate(() => (globalThis as unknown as { notificationRecord: { shown: string[]; asked: number } }).notificationRecord);

test('browser notifications are asked for only from the Settings button', async ({ page }) => {
  await recordNotifications(page);
  await page.goto(`${served.openUrl}#/backups`);
  await page.getByRole('link', { name: 'Settings' }).click();
  const panel = page.getByTestId('browser-notifications');
  await expect(panel).toContainText('Be told when a scheduled backup fails');
  expect((await notificationRecord(page)).asked).toBe(0); // never on load
  await panel.getByRole('button', { name: 'Allow notifications' }).click();
  await expect.poll(async () => (await notificationRecord(page)).asked).toBe(1);
});

test('a banner says kept snapshots expire soon, and its Renew now renews them', async ({ page, context }) => {
  await context.grantPermissions(['notifications'], { origin: new URL(served.url).origin });
  await recordNotifications(page);
  await page.goto(`${served.openUrl}#/library`);
  expect((await api(page, 'wallet.create', { words: 12, passphrase: 'correct horse battery staple' })).ok).toBe(true);
  await page.getByTestId('file-input').setInputFiles([{ name: 'harbour.md', mimeType: 'text/markdown', buffer: Buffer.from('# Harbour\n\nThe lighthouse keeper logs every ship.\n') }]);
  await expect(page.getByTestId('ingest-report')).toContainText('1 added', { timeout: 30_000 });

  await page.getByRole('link', { name: 'Backups' }).click();
  await expect(page.getByTestId('notice-expiring-soon')).toHaveCount(0);
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByTestId('backup-report')).toContainText('Snapshot stored', { timeout: 30_000 });
  // Stored for one one-day epoch: inside the 7-day warning window, its renewal due.
  const banner = page.getByTestId('notice-expiring-soon');
  await expect(banner).toContainText('Backups expire soon');
  await expect(banner).toContainText('1 kept snapshot(s) expire on Walrus within 7 day(s)');
  // The same notice reached the browser's notifications (allowed for this page), once.
  await expect.poll(async () => (await notificationRecord(page)).shown).toEqual(['Backups expire soon']);
  await banner.getByRole('button', { name: 'Renew now' }).click();
  // The renewal job ran and stored the snapshot's objects again.
  await expect(page.getByTestId('renew-report')).toContainText('Renewal succeeded', { timeout: 30_000 });
  await expect(page.getByTestId('renew-report')).toContainText('renewed');
});
