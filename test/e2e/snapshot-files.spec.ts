import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { callServed, serveWithLocalWalrus } from './fixtures.ts';

// Browsing a snapshot's files on the Backups page and restoring one of them where it was, against the local
// Walrus server inside `pdw serve`; then comparing a newer snapshot with it.
const served = serveWithLocalWalrus({ PDW_PASSPHRASE: 'correct horse battery staple' });

const api = (page: Page, name: string, body: unknown) => callServed(page, served(), name, body);

const HARBOUR = '# Harbour\n\nThe lighthouse keeper logs every ship that enters the harbour at dawn.\n';

test("browses a snapshot's files, puts a lost file back, and compares snapshots", async ({ page }) => {
  await page.goto(`${served().openUrl}#/library`);
  expect((await api(page, 'wallet.create', { words: 12, passphrase: 'correct horse battery staple' })).ok).toBe(true);
  await page.getByTestId('file-input').setInputFiles([
    { name: 'harbour.md', mimeType: 'text/markdown', buffer: Buffer.from(HARBOUR) },
    { name: 'orchard.txt', mimeType: 'text/plain', buffer: Buffer.from('Apple trees are pruned in late winter.\n') },
  ]);
  await expect(page.getByTestId('ingest-report')).toContainText('2 added', { timeout: 30_000 });
  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByTestId('backup-report')).toContainText('Snapshot stored', { timeout: 30_000 });

  await page.getByTestId('snapshots').getByRole('button', { name: 'Files' }).click();
  const files = page.getByTestId('snapshot-files');
  await expect(files).toContainText('2 file(s)', { timeout: 30_000 });
  await expect(files.getByRole('checkbox', { name: 'harbour.md' })).toBeVisible();

  // The file is lost on disk; it comes back where it was, with its content.
  const uploads = join(served().dataDir, 'library', 'uploads');
  await rm(join(uploads, 'harbour.md'));
  await files.getByRole('checkbox', { name: 'harbour.md' }).check();
  await files.getByRole('button', { name: 'Restore 1 selected to original places' }).click();
  await expect(files.getByTestId('files-report')).toContainText('Restored 1 file(s)', { timeout: 30_000 });
  expect(await readFile(join(uploads, 'harbour.md'), 'utf8')).toBe(HARBOUR);

  // Changed since: by default the restored copy is kept beside it; replacing asks first.
  await writeFile(join(uploads, 'harbour.md'), 'my edits');
  await files.getByRole('button', { name: 'Restore 1 selected to original places' }).click();
  await expect(files.getByTestId('files-report')).toContainText('kept beside a different file', { timeout: 30_000 });
  expect((await readdir(uploads)).sort()).toEqual(['harbour (restored).md', 'harbour.md', 'orchard.txt']);
  await files.getByLabel('If a different file is there').selectOption('replace');
  await files.getByRole('button', { name: 'Restore 1 selected to original places' }).click();
  await files.getByRole('alertdialog', { name: 'Confirm replacing files' }).getByRole('button', { name: 'Replace' }).click();
  // This report, not the one before (which went on about the copy kept beside).
  await expect(files.getByTestId('files-report')).toHaveText(/^Restored 1 file\(s\) \(.*\) to their original places$/, { timeout: 30_000 });
  expect(await readFile(join(uploads, 'harbour.md'), 'utf8')).toBe(HARBOUR);
  await page.keyboard.press('Escape');
  await expect(files).toHaveCount(0);

  // A newer snapshot with one more file, compared with the one before.
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByTestId('file-input').setInputFiles([{ name: 'tides.txt', mimeType: 'text/plain', buffer: Buffer.from('Spring tides follow the full moon.\n') }]);
  await expect(page.getByTestId('ingest-report')).toContainText('1 added', { timeout: 30_000 });
  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByTestId('backup-report')).toContainText('Snapshot stored', { timeout: 30_000 });
  await page.getByTestId('snapshots').getByRole('row').nth(1).getByRole('button', { name: 'Files' }).click();
  await files.getByRole('button', { name: 'Compare with the snapshot before' }).click();
  await expect(files.getByTestId('snapshot-comparison')).toContainText('1 added, 0 removed, 0 changed, 2 unchanged');
  await expect(files.getByTestId('snapshot-comparison')).toContainText('tides.txt');
});
