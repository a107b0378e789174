import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const NOTES = [
  { name: 'walrus-storage.md', mimeType: 'text/markdown', text: '# Walrus storage\n\nWalrus keeps blobs on a decentralised network of storage nodes. Quilts batch many small files into one blob so that storing notes costs less.\n' },
  { name: 'sourdough.txt', mimeType: 'text/plain', text: 'Feed the sourdough starter with flour and water every morning. Bake the bread when the dough has doubled in size.\n' },
  { name: 'garden.html', mimeType: 'text/html', text: '<html><head><title>Garden notes</title></head><body><p>Tomatoes need full sun and regular watering in summer.</p></body></html>' },
];

async function addNotes(page: Page, extra: { name: string; mimeType: string; buffer: Buffer }[] = []): Promise<void> {
  await page.getByTestId('file-input').setInputFiles([...NOTES.map((n) => ({ name: n.name, mimeType: n.mimeType, buffer: Buffer.from(n.text) })), ...extra]);
  await expect(page.getByTestId('ingest-report')).toContainText('3 added', { timeout: 30_000 });
}

test('adds files with the file picker, shows progress and outcomes, then finds them by meaning and keyword', async ({ page, served }) => {
  await page.goto(`${served.openUrl}#/library`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Library');
  await addNotes(page, [{ name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 this is not really a pdf') }]);
  await expect(page.getByTestId('ingest-report')).toContainText('1 failed');
  await expect(page.getByTestId('ingest-report')).toContainText('broken.pdf');
  const table = page.getByTestId('documents');
  await expect(table.getByRole('row')).toHaveCount(4); // header + 3 documents

  await table.getByRole('button', { name: 'Garden notes' }).click();
  await expect(page.getByTestId('document-panel')).toContainText('Tomatoes need full sun');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('document-panel')).toHaveCount(0);

  await page.getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Search query').fill('baking bread');
  const results = page.getByTestId('search-results');
  await expect(results.getByRole('listitem').first()).toContainText('sourdough');
  await expect(results.locator('mark').first()).toBeVisible();

  await page.getByLabel('Search query').fill('quilts');
  await expect(results.getByRole('listitem').first()).toContainText('Walrus storage');
  await expect(results.locator('mark', { hasText: /quilts/i }).first()).toBeVisible();
  await page.getByLabel('Search query').press('Shift+Enter');
  await expect(page.getByTestId('document-panel')).toContainText('decentralised network');
});

test('removes documents only after confirmation', async ({ page, served }) => {
  await page.goto(`${served.openUrl}#/library`);
  await addNotes(page);
  const table = page.getByTestId('documents');
  await expect(table.getByRole('row')).toHaveCount(4);
  await page.getByLabel('Select Garden notes').check();
  await page.getByRole('button', { name: 'Remove 1 selected' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Keep' }).click();
  await expect(table.getByRole('row')).toHaveCount(4);
  await page.getByRole('button', { name: 'Remove 1 selected' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
  await expect(table.getByRole('row')).toHaveCount(3);
});

test('the web host refuses typed paths from the browser', async ({ page, served }) => {
  await page.goto(served.openUrl);
  const reply = await page.evaluate(
    (token) => fetch('/api/library.ingest', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify({ paths: ['/etc'] }) }).then((r) => r.json()),
    served.token,
  );
  expect(reply).toMatchObject({ ok: false, error: { code: 'unsupported' } });
});

test('Remove missing asks first, then removes only the documents whose file is gone', async ({ page, served }) => {
  await page.goto(`${served.openUrl}#/library`);
  await addNotes(page);
  const rows = page.getByTestId('documents').getByRole('row');
  await rm(join(served.dataDir, 'library', 'uploads', 'sourdough.txt'));

  await page.getByRole('button', { name: 'Remove missing' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Confirm removing missing files' });
  await expect(confirm).toContainText('Remove every document whose file is gone');
  await confirm.getByRole('button', { name: 'Keep' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(rows).toHaveCount(4);

  await page.getByRole('button', { name: 'Remove missing' }).click();
  await confirm.getByRole('button', { name: 'Remove missing' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: '1 missing file(s) removed.' })).toBeVisible();
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('documents')).not.toContainText('sourdough');
});
