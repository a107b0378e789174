// Search narrowed by folder and date and sorted by date, on a library ingested from two folders by the CLI.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { startServe, type ServedApp } from './fixtures.ts';

const PDW = fileURLToPath(new URL('../../bin/pdw.js', import.meta.url));
const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
const DAY = 86_400_000;

// A library of its own for this spec, started before its first test and stopped after its last.
let library: { served: ServedApp; work: string };
let stopServe: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'pdw-e2e-filters-'));
  const dataDir = join(work, 'data');
  const notes = [
    { path: 'garden/tomatoes.txt', text: 'Garden notes: tomatoes need full sun and regular watering.', age: 400 * DAY },
    { path: 'garden/beans.txt', text: 'Garden notes: beans climb the fence and need watering twice a week.', age: 2 * DAY },
    { path: 'kitchen/bread.txt', text: 'Kitchen notes: bread dough needs watering? No: water, flour and time.', age: 20 * DAY },
    { path: 'kitchen/long.txt', text: `${'Pantry inventory line with jars and tins and dry goods.\n\n'.repeat(400)}The saffron sits behind the jars.`, age: 900 * DAY },
  ];
  for (const note of notes) {
    const file = join(work, note.path);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, note.text);
    const at = new Date(Date.now() - note.age);
    await utimes(file, at, at);
  }
  await promisify(execFile)(NODE, [PDW, 'ingest', join(work, 'garden'), join(work, 'kitchen'), '--data-dir', dataDir], {
    env: { ...process.env, PDW_CACHE_DIR: join(tmpdir(), 'pdw-e2e-cache') },
  });
  const server = await startServe({}, [], { dataDir });
  library = { served: server.served, work };
  stopServe = async () => {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  };
});
test.afterAll(async () => stopServe?.());

test('narrows search by folder and date, and sorts hits by date', async ({ page }) => {
  await page.goto(`${library.served.openUrl}#/search`);
  const results = page.getByTestId('search-results').getByRole('listitem');
  await page.getByLabel('Search query').fill('notes watering');
  await expect(results).toHaveCount(4, { timeout: 30_000 }); // three notes and, by meaning, the long inventory

  await page.getByLabel('Folder').selectOption(join(library.work, 'garden'));
  await expect(results).toHaveCount(2);
  await expect(results.filter({ hasText: 'bread' })).toHaveCount(0);

  await page.getByLabel('Sort').selectOption('newest');
  await expect(results.first()).toContainText('beans');
  await page.getByLabel('Sort').selectOption('oldest');
  await expect(results.first()).toContainText('tomatoes');

  await page.getByLabel('Modified').selectOption('month');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText('beans');

  await page.getByLabel('Folder').selectOption('');
  await expect(results).toHaveCount(2); // beans and bread: both within the past month
});

test('opens a passage deep in a long document with the title still in view', async ({ page }) => {
  await page.goto(`${library.served.openUrl}#/search`);
  await page.getByLabel('Search query').fill('saffron');
  await expect(page.getByTestId('search-results').getByRole('listitem').first()).toContainText('saffron', { timeout: 30_000 });
  await page.getByLabel('Search query').press('Shift+Enter');
  const panel = page.getByTestId('document-panel');
  await expect(panel.locator('li.focused')).toBeInViewport();
  await expect(panel.getByRole('heading', { level: 2 })).toBeInViewport();
  expect(await panel.evaluate((el) => el.scrollTop)).toBeGreaterThan(1000); // it did scroll to the passage
});

test('shows each document once with its best passages, the score explained, and opens the one chosen', async ({ page }) => {
  await page.goto(`${library.served.openUrl}#/search`);
  await page.getByLabel('Search query').fill('pantry inventory jars');
  const results = page.getByTestId('search-results').getByRole('listitem');
  await expect(results.first()).toContainText('Pantry inventory', { timeout: 30_000 });
  await expect(results.filter({ hasText: 'Pantry inventory' })).toHaveCount(1); // its many matching chunks: one hit
  const passages = results.first().locator('button.snippet');
  await expect(passages).toHaveCount(3);
  await expect(passages.nth(1).locator('mark').first()).toBeVisible();
  await expect(results.first().locator('button.result-head')).toHaveAttribute('title', /^Found by keywords \(rank 1\)/);

  const second = await passages.nth(1).getAttribute('data-chunk-id');
  await passages.nth(1).click();
  const panel = page.getByTestId('document-panel');
  await expect(panel.locator('li.focused')).toHaveAttribute('id', `chunk-${second}`);
  await expect(panel.locator('li.focused')).toBeInViewport();
});
