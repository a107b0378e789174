// Uploads in Chromium against `pdw serve`: a picked folder keeps its tree (same-named files in different subfolders
// stay two documents) and its files' modification times; a selection beyond one request's 100 files goes in batches
// and ends in one summary.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServe, type ServedApp } from './fixtures.ts';

let served: ServedApp;
let stopServe: () => Promise<void>;
let folder: string;

test.beforeEach(async () => {
  const server = await startServe();
  served = server.served;
  stopServe = server.stop;
  folder = await mkdtemp(join(tmpdir(), 'pdw-e2e-folder-'));
});
test.afterEach(async () => {
  await stopServe?.();
  await rm(folder, { recursive: true, force: true });
});

interface ListedDocument {
  path: string;
  title: string;
  modifiedAt: string;
}

async function listDocuments(page: Page): Promise<ListedDocument[]> {
  const reply = await page.evaluate(
    (token) => fetch('/api/library.documents', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify({ limit: 500 }) }).then((r) => r.json()),
    served.token,
  );
  return (reply as { value: { documents: ListedDocument[] } }).value.documents;
}

const uploaded = (path: string) => path.split(/[\\/]library[\\/]uploads[\\/]/)[1]?.replaceAll('\\', '/');

test('a picked folder keeps its tree: two README.txt in different subfolders are two documents, with their dates', async ({ page }) => {
  const tree: Record<string, string> = {
    'a/README.txt': 'Alpha: the orchids are watered on Sundays.',
    'b/README.txt': 'Beta: the bicycle chain needs oil every month.',
    'b/deep/notes.md': '# Deep notes\n\nSourdough starter recipe and feeding times.',
    '.git/config': '[core]\n\tbare = false',
    'b/photo.jpg': 'not a document',
  };
  const project = join(folder, 'project');
  for (const [path, text] of Object.entries(tree)) {
    await mkdir(join(project, path, '..'), { recursive: true });
    await writeFile(join(project, path), text);
  }
  const march = new Date('2023-03-14T15:09:26.000Z');
  await utimes(join(project, 'a/README.txt'), march, march);

  await page.goto(`${served.openUrl}#/library`);
  await page.getByTestId('folder-input').setInputFiles(project);
  const report = page.getByTestId('ingest-report');
  await expect(report).toContainText('3 added · 0 updated · 0 unchanged · 0 failed', { timeout: 30_000 });
  await expect(report).toContainText('2 file(s) inside folders skipped');
  await expect(page.getByTestId('documents').getByRole('row')).toHaveCount(4);

  const documents = await listDocuments(page);
  expect(documents.map((d) => uploaded(d.path)).sort()).toEqual(['project/a/README.txt', 'project/b/README.txt', 'project/b/deep/notes.md']);
  expect(documents.find((d) => uploaded(d.path) === 'project/a/README.txt')?.modifiedAt).toBe(march.toISOString());

  // The same folder again: the same documents, nothing added, nothing merged.
  await page.getByRole('button', { name: 'Dismiss report' }).click();
  await page.getByTestId('folder-input').setInputFiles(project);
  await expect(report).toContainText('0 added · 0 updated · 3 unchanged · 0 failed', { timeout: 30_000 });
  expect(await listDocuments(page)).toHaveLength(3);
});

test('reports, folder filter and hits name uploads as the user chose them, not as the server keeps them', async ({ page }) => {
  const notes = join(folder, 'notes');
  await mkdir(join(notes, 'kitchen'), { recursive: true });
  await writeFile(join(notes, 'kitchen', 'tea.txt'), 'Steep green tea leaves for two minutes.');
  await writeFile(join(notes, 'empty.txt'), ''); // fails: nothing to read

  await page.goto(`${served.openUrl}#/library`);
  await page.getByTestId('folder-input').setInputFiles(notes);
  const report = page.getByTestId('ingest-report');
  await expect(report).toContainText('1 added · 0 updated · 0 unchanged · 1 failed', { timeout: 30_000 });
  await expect(report.locator('.failures code')).toHaveText(['notes/empty.txt']);
  await page.getByRole('button', { name: 'Dismiss report' }).click();
  await page.getByTestId('file-input').setInputFiles([{ name: 'plan.md', mimeType: 'text/markdown', buffer: Buffer.from('# Plan\n\nBuy a teapot.') }]);
  await expect(report).toContainText('1 added', { timeout: 30_000 });
  await expect(page.getByTestId('documents')).not.toContainText('library/uploads');

  await page.getByRole('link', { name: 'Search' }).click();
  const choices = page.getByLabel('Folder').locator('option');
  await expect(choices).toHaveText(['All folders', 'Uploaded files (1)', 'notes/kitchen (1)']);
  await page.getByLabel('Search query').fill('teapot tea');
  const hits = page.getByTestId('search-results').getByRole('listitem');
  await expect(hits.locator('.result-path')).toHaveText([/^(notes\/kitchen\/tea\.txt|plan\.md) · /, /^(notes\/kitchen\/tea\.txt|plan\.md) · /]);
  // Choosing a folder still filters by the server's folder.
  await page.getByLabel('Folder').selectOption({ label: 'notes/kitchen (1)' });
  await expect(hits).toHaveCount(1);
  await expect(hits.locator('.result-path')).toContainText(/^notes\/kitchen\/tea\.txt/);
});

test('250 files, two of them named README.txt, are all added in batches with one progress bar and one summary', async ({ page }) => {
  const files = Array.from({ length: 250 }, (_, i) => ({ name: `note-${String(i).padStart(3, '0')}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`Note ${i}: topic ${i * 7919} about gardens, kites and bread.`) }));
  files[10] = { name: 'README.txt', mimeType: 'text/plain', buffer: Buffer.from('The first readme, about harbour tides.') };
  files[180] = { name: 'README.txt', mimeType: 'text/plain', buffer: Buffer.from('The second readme, about mountain huts.') };

  await page.goto(`${served.openUrl}#/library`);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('ingest-progress')).toHaveCount(1);
  await expect(page.getByTestId('ingest-progress')).toContainText('of 250 files');
  const report = page.getByTestId('ingest-report');
  await expect(report).toContainText('250 added · 0 updated · 0 unchanged · 0 failed', { timeout: 60_000 });
  await expect(report).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0); // no error toast ("Too big: expected array to have <=100 items")

  const documents = await listDocuments(page);
  expect(documents).toHaveLength(250);
  expect(documents.map((d) => uploaded(d.path)).filter((p) => p?.startsWith('README'))).toEqual(['README (2).txt', 'README.txt']);
  expect(errors).toEqual([]);
});

test('a folder dropped on the page keeps its tree, every page of its entries read', async ({ page }) => {
  // More than the 100 entries Chromium's readEntries hands out per call, in one folder.
  const dropped = join(folder, 'dropped');
  await mkdir(join(dropped, 'x'), { recursive: true });
  await mkdir(join(dropped, 'y'), { recursive: true });
  for (let i = 0; i < 105; i++) await writeFile(join(dropped, 'x', `n${i}.txt`), `Dropped note ${i} about lighthouses.`);
  await writeFile(join(dropped, 'y', 'n0.txt'), 'Another n0, in y, about volcanoes.');

  await page.goto(`${served.openUrl}#/library`);
  const zone = await page.getByTestId('drop-zone').boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const at = { x: zone!.x + zone!.width / 2, y: zone!.y + zone!.height / 2 };
  const data = { items: [], files: [dropped], dragOperationsMask: 1 };
  await cdp.send('Input.dispatchDragEvent', { type: 'dragEnter', ...at, data });
  await cdp.send('Input.dispatchDragEvent', { type: 'dragOver', ...at, data });
  await cdp.send('Input.dispatchDragEvent', { type: 'drop', ...at, data });
  await expect(page.getByTestId('ingest-report')).toContainText('106 added · 0 updated · 0 unchanged · 0 failed', { timeout: 60_000 });
  const documents = await listDocuments(page);
  expect(documents.map((d) => uploaded(d.path)).filter((p) => p?.endsWith('/n0.txt')).sort()).toEqual(['dropped/x/n0.txt', 'dropped/y/n0.txt']);
});
