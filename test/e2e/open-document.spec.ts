import { readFile, rm } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { makePdf } from '../fixtures/library/pdf.ts';
import { startServe, type ServedApp } from './fixtures.ts';

// Opening a search result's original file in the web host: the browser receives the very bytes that
// were added, by Enter on the selected result, by its Open button, and from the document panel.
let served: ServedApp;
let stopServe: () => Promise<void>;

test.beforeAll(async () => {
  const server = await startServe();
  served = server.served;
  stopServe = server.stop;
});
test.afterAll(async () => stopServe?.());

const REPORT = makePdf(['Harvest report: the orchard gave forty crates of apples and twelve of pears.'], 'Harvest report');
const NOTE = 'Beekeeping log\n\nThe hive swarmed in May; the new queen is marked blue.\n';

async function bytesOf(download: Download): Promise<Buffer> {
  return readFile((await download.path())!);
}

async function search(page: Page, query: string): Promise<void> {
  await page.getByLabel('Search query').fill(query);
  await expect(page.getByTestId('search-results').getByRole('listitem').first()).toBeVisible();
}

test('opens the original file of a search result with Enter, with its button, and from the document panel', async ({ page }) => {
  await page.goto(`${served.openUrl}#/library`);
  await page.getByTestId('file-input').setInputFiles([
    { name: 'harvest report.pdf', mimeType: 'application/pdf', buffer: REPORT },
    { name: 'bees.txt', mimeType: 'text/plain', buffer: Buffer.from(NOTE) },
  ]);
  await expect(page.getByTestId('ingest-report')).toContainText('2 added', { timeout: 30_000 });

  await page.getByRole('link', { name: 'Search' }).click();
  await expect(page.getByText('download the file')).toBeVisible(); // the key hints: the web host offers downloads
  await search(page, 'crates of apples');
  const byEnter = page.waitForEvent('download');
  await page.getByLabel('Search query').press('Enter');
  const pdf = await byEnter;
  expect(pdf.suggestedFilename()).toBe('harvest report.pdf');
  expect((await bytesOf(pdf)).equals(REPORT)).toBe(true);

  await search(page, 'queen hive swarmed');
  const results = page.getByTestId('search-results');
  await expect(results.getByRole('listitem').first()).toContainText('Beekeeping log');
  const byButton = page.waitForEvent('download');
  await results.getByRole('button', { name: 'Download Beekeeping log' }).click();
  const note = await byButton;
  expect(note.suggestedFilename()).toBe('bees.txt');
  expect((await bytesOf(note)).toString()).toBe(NOTE);

  await page.getByLabel('Search query').press('Shift+Enter');
  const panel = page.getByTestId('document-panel');
  await expect(panel).toContainText('the new queen is marked blue');
  const fromPanel = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download file' }).click();
  expect((await bytesOf(await fromPanel)).toString()).toBe(NOTE);
});

test('says clearly when the file is gone from disk', async ({ page }) => {
  await page.goto(`${served.openUrl}#/search`);
  const documents = await page.evaluate(
    (token) => fetch('/api/library.documents', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{}' }).then((r) => r.json()),
    served.token,
  );
  const bees = (documents.value.documents as { title: string; path: string }[]).find((d) => d.title === 'Beekeeping log')!;
  await rm(bees.path);
  await search(page, 'queen hive swarmed');
  await page.getByLabel('Search query').press('Enter');
  await expect(page.getByRole('alert')).toContainText('bees.txt is no longer at');
});
