import { expect, test } from '@playwright/test';
import { callServed, startServe, type ServedApp } from './fixtures.ts';

// Scheduled backups with the wallet locked, on the Backups page of `pdw serve` (no system keychain: the key
// file is offered with its explanation and a consent box).
const PASSPHRASE = 'correct horse battery staple';
let server: Awaited<ReturnType<typeof startServe>> | undefined;
let served: ServedApp;

test.beforeAll(async () => {
  server = await startServe({}, ['--walrus', 'local']);
  served = server.served;
});
test.afterAll(async () => server?.stop());

test('a locked-wallet failure offers Unlock; unattended backups are explained, turned on and off', async ({ page }) => {
  // The scheduler looks every 30 s: the first run is due at once and fails for want of a key.
  test.setTimeout(120_000);
  await page.goto(`${served.openUrl}#/library`);
  expect((await callServed(page, served, 'wallet.create', { words: 12, passphrase: PASSPHRASE })).ok).toBe(true);
  expect((await callServed(page, served, 'wallet.lock', {})).ok).toBe(true);
  await page.goto(`${served.openUrl}#/backups`);
  await page.reload();

  const schedule = page.getByTestId('schedule');
  await schedule.getByLabel('Backup interval').selectOption('daily');
  await schedule.getByRole('button', { name: 'Save schedule' }).click();
  const panel = page.getByTestId('unattended');
  await expect(panel).toContainText('Whoever reads it can decrypt your backups, but cannot spend from the wallet');
  await expect(panel.getByRole('alert')).toContainText('could not run: the wallet was locked', { timeout: 60_000 });
  await expect(page.getByTestId('runs')).toContainText('pdw schedule enable');

  await panel.getByRole('button', { name: 'Unlock' }).click();
  await panel.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await panel.getByRole('button', { name: 'Unlock' }).click();
  await expect(panel.getByRole('alert')).toHaveCount(0);

  const turnOn = panel.getByRole('button', { name: 'Run while locked' });
  await expect(turnOn).toBeDisabled(); // the key file needs the consent
  await panel.getByLabel(/I understand: keep the backup keys in a key file/).check();
  await turnOn.click();
  await expect(panel).toContainText('Runs while the wallet is locked');
  await expect(panel).toContainText('key file readable by you alone');
  await panel.getByRole('button', { name: 'Turn off' }).click();
  await expect(panel.getByRole('button', { name: 'Run while locked' })).toBeVisible();
});
