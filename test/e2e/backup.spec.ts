import { expect, test, type Page } from '@playwright/test';
import { callServed, serveWithLocalWalrus } from './fixtures.ts';

// Backup and restore through the UI, against the local Walrus server running inside `pdw serve`.
const served = serveWithLocalWalrus({ PDW_PASSPHRASE: 'correct horse battery staple' });

const api = (page: Page, name: string, body: unknown) => callServed(page, served(), name, body);

test('backs up the library, then restores it over the current one from the snapshot', async ({ page }) => {
  await page.goto(`${served().openUrl}#/library`);
  const created = await api(page, 'wallet.create', { words: 12, passphrase: 'correct horse battery staple' });
  expect(created.ok).toBe(true);

  await page.getByTestId('file-input').setInputFiles([
    { name: 'harbour.md', mimeType: 'text/markdown', buffer: Buffer.from('# Harbour\n\nThe lighthouse keeper logs every ship that enters the harbour at dawn.\n') },
    { name: 'orchard.txt', mimeType: 'text/plain', buffer: Buffer.from('Apple trees in the orchard are pruned in late winter before the buds open.\n') },
  ]);
  await expect(page.getByTestId('ingest-report')).toContainText('2 added', { timeout: 30_000 });

  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByTestId('backup-report')).toContainText('Snapshot stored', { timeout: 30_000 });
  await expect(page.getByTestId('snapshots').getByRole('row')).toHaveCount(2);
  await expect(page.getByTestId('snapshots')).toContainText('complete');
  // The run log records the backup (and, afterwards, anything the page starts).
  await expect(page.getByTestId('runs').getByRole('row').nth(1)).toContainText('Backup');
  await expect(page.getByTestId('runs').getByRole('row').nth(1)).toContainText('ok');

  // Lose a document, then bring the library back from the snapshot.
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByLabel('Select Harbour').check();
  await page.getByRole('button', { name: 'Remove 1 selected' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('documents').getByRole('row')).toHaveCount(2);

  await page.getByRole('link', { name: 'Restore' }).click();
  // The snapshot is in this machine's history, and is also found through the wallet's blobs on Walrus.
  await expect(page.getByRole('radio', { name: /2 documents/ })).toHaveCount(1);
  await page.getByRole('button', { name: "Find my wallet's snapshots" }).click();
  await expect(page.getByTestId('discovered')).toContainText('Found 1 snapshot(s)');
  await page.getByRole('radio', { name: /2 documents/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('restore-preview')).toContainText('2 documents');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: /Replace the current library/ }).check();
  const restore = page.getByRole('button', { name: 'Restore', exact: true });
  await expect(restore).toBeDisabled(); // replacing needs the confirmation
  await page.getByRole('checkbox', { name: /current library is replaced/ }).check();
  await restore.click();
  await expect(page.getByTestId('restore-status')).toContainText('2 documents', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Verify the snapshot' }).click();
  await expect(page.getByTestId('restore-verify')).toContainText('intact', { timeout: 30_000 });

  await page.getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Search query').fill('lighthouse');
  await expect(page.getByTestId('search-results').getByRole('listitem').first()).toContainText('Harbour');
});

test('forgets an older snapshot after confirmation, greys it, and keeps it again', async ({ page }) => {
  // A change since the restored snapshot (which this library's history adopted), so the backup makes a new one.
  await page.goto(`${served().openUrl}#/library`);
  await page.getByTestId('file-input').setInputFiles([{ name: 'tides.txt', mimeType: 'text/plain', buffer: Buffer.from('Spring tides follow the full moon.\n') }]);
  await expect(page.getByTestId('ingest-report')).toContainText('1 added', { timeout: 30_000 });
  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByTestId('backup-report')).toContainText('Snapshot stored', { timeout: 30_000 });
  const rows = page.getByTestId('snapshots').getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('retention')).toContainText('Keeps the newest 10');
  // The newest snapshot has no Forget button; the older one asks first.
  await expect(rows.nth(1).getByRole('button', { name: 'Forget' })).toHaveCount(0);
  await rows.nth(2).getByRole('button', { name: 'Forget' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Confirm forgetting' });
  await expect(dialog).toContainText('expires on Walrus');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(rows.nth(2)).not.toHaveAttribute('data-forgotten', 'true');
  await rows.nth(2).getByRole('button', { name: 'Forget' }).click();
  await page.getByRole('alertdialog', { name: 'Confirm forgetting' }).getByRole('button', { name: 'Forget snapshot' }).click();
  await expect(rows.nth(2)).toHaveAttribute('data-forgotten', 'true');
  await expect(rows.nth(2)).toContainText('forgotten');
  await expect(page.getByTestId('runs').getByRole('row').nth(1)).toContainText('Retention');
  // The restore wizard still offers it, marked, until it expires.
  await page.getByRole('link', { name: 'Restore' }).click();
  await expect(page.getByRole('radio')).toHaveCount(2);
  await expect(page.getByText(/forgotten, expires/)).toHaveCount(1);
  await page.getByRole('link', { name: 'Backups' }).click();

  await rows.nth(2).getByRole('button', { name: 'Keep' }).click();
  await expect(rows.nth(2)).not.toHaveAttribute('data-forgotten', 'true');
  await expect(rows.nth(2)).toContainText('kept');
});

test('warns on the Restore page when a blob that may be a snapshot cannot be read, and still lists the others', async ({ page }) => {
  await page.goto(`${served().openUrl}#/restore`);
  // Two snapshots by now; the local Walrus server (inside `pdw serve`) refuses reads of the older one's manifest.
  const { value: history } = await api(page, 'backup.snapshots', {});
  const [newer, older] = (history as { snapshots: { id: string; createdAt: string }[] }).snapshots;
  if (!newer || !older) throw new Error('the earlier tests left fewer than two snapshots');
  const { value: info } = await api(page, 'app.info', {});
  const walrusUrl = (info as { walrus: { aggregatorUrl: string } }).walrus.aggregatorUrl;
  const blocklist = `${walrusUrl}/_local/blocklist/${encodeURIComponent(older.id)}`;
  expect((await fetch(blocklist, { method: 'PUT' })).status).toBe(200);

  await page.getByRole('button', { name: "Find my wallet's snapshots" }).click();
  const warning = page.getByTestId('discovery-incomplete');
  // The problem (what could not be read, and Walrus's reason), then the action.
  await expect(warning).toContainText('1 blob of your wallet that may be a snapshot could not be read from Walrus', { timeout: 30_000 });
  await expect(warning).toContainText('451');
  await expect(warning).toContainText('Some snapshots may be missing from this list: check the connection and search again.');
  // The readable snapshot is still found, and both stay offered from this machine's history.
  await expect(page.getByTestId('discovered')).toContainText('Found 1 snapshot(s)');
  await expect(page.getByRole('radio', { name: new RegExp(newer.id) })).toHaveCount(1);
  await expect(page.getByRole('radio')).toHaveCount(2);

  // Once the blob reads again, searching again finds both and the warning goes.
  expect((await fetch(blocklist, { method: 'DELETE' })).status).toBe(200);
  await page.getByRole('button', { name: "Find my wallet's snapshots" }).click();
  await expect(page.getByTestId('discovered')).toContainText('Found 2 snapshot(s)', { timeout: 30_000 });
  await expect(warning).toHaveCount(0);
});

test('Forget old snapshots now asks first, then says how many it forgot', async ({ page }) => {
  await page.goto(`${served().openUrl}#/backups`);
  expect((await api(page, 'settings.update', { keepSnapshots: 1 })).ok).toBe(true);
  const forgotten = page.getByTestId('snapshots').locator('tr[data-forgotten="true"]');
  await expect(page.getByTestId('snapshots').getByRole('row')).toHaveCount(3); // header + the two snapshots of the earlier tests
  await page.getByRole('button', { name: 'Forget old snapshots now' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Confirm forgetting old snapshots' });
  await expect(confirm).toContainText('They stop being renewed and expire on Walrus.');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(forgotten).toHaveCount(0);

  await page.getByRole('button', { name: 'Forget old snapshots now' }).click();
  await confirm.getByRole('button', { name: 'Forget snapshots' }).click();
  // The older snapshot was kept by hand in an earlier test: retention never forgets it, and says so in its count.
  await expect(page.getByTestId('toast').filter({ hasText: '0 snapshot(s) forgotten.' })).toBeVisible();
  await expect(confirm).toHaveCount(0);
  await expect(forgotten).toHaveCount(0);
});
