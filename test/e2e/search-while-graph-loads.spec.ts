// Right after opening a library the app answers by keywords while the saved graph is read: the Search page says
// meaning-based hits are still to come, then shows them re-ranked in place. The graph read is held back by the
// development hook PDW_DEV_GRAPH_DELAY_MS so the keyword-only moment lasts long enough to see.
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
const GRAPH_DELAY_MS = 8000;
const NOTICE = 'Matching by meaning as soon as the index has loaded…';

/** Each note's text and the year it was last modified (the garden note is the oldest). */
const NOTES = {
  'tea.txt': ['Brewing green tea\n\nSteep the leaves in water at 80 degrees for two minutes; boiling water makes it bitter.', 2021],
  'garden.txt': ['Vegetable garden\n\nTomatoes need a sunny spot and regular watering in dry weeks.', 2020],
  'bees.txt': ['Keeping bees\n\nWorker bees collect nectar from flowers and turn it into honey inside the hive.', 2023],
  'rain.txt': ['Rain barrels\n\nA barrel under the downpipe collects the roof runoff for the dry summer months.', 2022],
} as const;

let served: ServedApp;
let stop: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'pdw-e2e-graph-'));
  const dataDir = join(work, 'data');
  await mkdir(join(work, 'notes'));
  for (const [name, [text, year]] of Object.entries(NOTES)) {
    await writeFile(join(work, 'notes', name), text);
    const at = new Date(`${year}-06-01T00:00:00Z`);
    await utimes(join(work, 'notes', name), at, at);
  }
  // The CLI waits for the graph and saves it: the served app then reads it in the background on opening.
  await promisify(execFile)(NODE, [PDW, 'ingest', join(work, 'notes'), '--data-dir', dataDir], {
    env: { ...process.env, PDW_CACHE_DIR: join(tmpdir(), 'pdw-e2e-cache') },
  });
  const server = await startServe({ PDW_DEV_GRAPH_DELAY_MS: String(GRAPH_DELAY_MS) }, [], { dataDir });
  served = server.served;
  stop = async () => {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  };
});
test.afterAll(async () => stop?.());

test('says the index is loading and meaning-based hits are still coming, then re-ranks them in place', async ({ page }) => {
  // Opening the Library page opens the library: its stats say the index is loading.
  await page.goto(`${served.openUrl}#/library`);
  await expect(page.getByRole('status').filter({ hasText: 'Loading the search index…' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('link', { name: 'Search' }).click();
  const query = page.getByLabel('Search query');
  const results = page.getByTestId('search-results').getByRole('listitem');
  const notice = page.getByRole('status').filter({ hasText: NOTICE });

  await query.fill('water');
  // Keywords alone: the two notes holding the word, and the notice while the graph is read.
  await expect(results).toHaveCount(2, { timeout: 15_000 });
  await expect(notice).toBeVisible();
  await expect(results.filter({ hasText: 'Rain barrels' })).toHaveCount(0);
  await query.press('ArrowDown');
  const selected = page.locator('#search-results li[aria-selected="true"]');
  const selectedTitle = await selected.locator('.result-title').innerText();
  expect(selectedTitle).toBe(await results.nth(1).locator('.result-title').innerText());

  // The graph is in: the notice goes and the same query comes back by both halves, with a note only meaning finds.
  await expect(notice).toHaveCount(0, { timeout: GRAPH_DELAY_MS + 20_000 });
  await expect(results.filter({ hasText: 'Rain barrels' })).toHaveCount(1);
  await expect(selected).toHaveCount(1);
  await expect(selected.locator('.result-title')).toHaveText(selectedTitle);
  await expect(query).toBeFocused();
  await expect(query).toHaveValue('water');

  // A hit that moves keeps the focus: hits are keyed by document, so a re-rank moves their elements (React puts the
  // focus back on a moved one) rather than making new ones. Focus the tea note, then re-sort the hits under it by
  // date, which moves it after the older garden note.
  const tea = results.filter({ hasText: 'Brewing green tea' }).locator('.result-head');
  await tea.focus();
  await page.getByLabel('Sort').evaluate((select: HTMLSelectElement) => {
    select.value = 'oldest';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(results.first()).toContainText('Vegetable garden');
  await expect(tea).toBeFocused();
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(page.getByTestId('documents')).toBeVisible();
  await expect(page.getByText('Loading the search index…')).toHaveCount(0);
});
