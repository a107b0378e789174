// The search page driven from the keyboard alone, and queries it cannot take, on a library of 30 notes ingested by
// the CLI (more hits than fit on the screen).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { startServe, type ServedApp } from './fixtures.ts';

const PDW = fileURLToPath(new URL('../../bin/pdw.js', import.meta.url));
const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));

let library: ServedApp;
let stopServe: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'pdw-e2e-keys-'));
  const notes = join(work, 'notes');
  await mkdir(notes);
  for (let i = 1; i <= 30; i++) {
    await writeFile(join(notes, `garden-${i}.txt`), `Garden note ${i}: row ${i} of the garden gets compost and water in week ${i}.\n\nBed ${i} holds ${i} plants.`);
  }
  const dataDir = join(work, 'data');
  await promisify(execFile)(NODE, [PDW, 'ingest', notes, '--data-dir', dataDir], { env: { ...process.env, PDW_CACHE_DIR: join(tmpdir(), 'pdw-e2e-cache') } });
  const server = await startServe({}, [], { dataDir });
  library = server.served;
  stopServe = async () => {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  };
});
test.afterAll(async () => stopServe?.());

async function search(page: Page, query: string) {
  await page.goto(`${library.openUrl}#/search`);
  await page.getByLabel('Search query').fill(query);
  const results = page.getByTestId('search-results').getByRole('listitem');
  await expect(results).toHaveCount(20, { timeout: 30_000 });
  return results;
}

test('Esc closes the passages first and keeps the query; a second Esc clears it', async ({ page }) => {
  const results = await search(page, 'garden compost');
  const query = page.getByLabel('Search query');
  await query.press('Shift+Enter');
  await expect(page.getByTestId('document-panel')).toBeVisible();

  await query.press('Escape');
  await expect(page.getByTestId('document-panel')).toBeHidden();
  await expect(query).toHaveValue('garden compost');
  await expect(results).toHaveCount(20);

  await query.press('Escape');
  await expect(query).toHaveValue('');
  await expect(results).toHaveCount(0);
});

test('the arrow keys bring the selected hit into view, and Shift+Enter opens that one', async ({ page }) => {
  const results = await search(page, 'garden compost');
  const query = page.getByLabel('Search query');
  for (let i = 0; i < 15; i++) await query.press('ArrowDown');
  const selected = page.locator('#search-results > li.selected');
  await expect(selected).toHaveCount(1);
  await expect(results.nth(15)).toHaveClass(/selected/);
  await expect(selected).toBeInViewport();
  const title = await selected.locator('.result-title').innerText();
  await query.press('Shift+Enter');
  await expect(page.getByTestId('document-panel').getByRole('heading', { level: 2 })).toHaveText(title);

  await query.press('Escape');
  for (let i = 0; i < 15; i++) await query.press('ArrowUp');
  await expect(results.first()).toHaveClass(/selected/);
  await expect(results.first()).toBeInViewport();
});

test('a query longer than search takes says the limit, with no error', async ({ page }) => {
  const results = await search(page, 'garden compost');
  await page.getByLabel('Search query').fill('garden compost '.repeat(100));
  await expect(page.getByText('A query takes up to 1,000 characters; this one has 1,499: shorten it to search.')).toBeVisible();
  await expect(results).toHaveCount(0);
  await expect(page.getByTestId('toast')).toHaveCount(0);
});
