// A library with no saved graph — what a restore leaves: the catalog and its vectors, no index — builds the graph in
// the background on opening. The Search page says the index is loading before any query, answers by keywords
// meanwhile, then by meaning. The build is held back by the development hook PDW_DEV_GRAPH_DELAY_MS so the moment
// lasts long enough to see.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { startServe, type ServedApp } from './fixtures.ts';

const PDW = fileURLToPath(new URL('../../bin/pdw.js', import.meta.url));
const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
const GRAPH_DELAY_MS = 8000;

const NOTES = {
  'tea.txt': 'Brewing green tea\n\nSteep the leaves in water at 80 degrees for two minutes; boiling water makes it bitter.',
  'garden.txt': 'Vegetable garden\n\nTomatoes need a sunny spot and regular watering in dry weeks.',
  'rain.txt': 'Rain barrels\n\nA barrel under the downpipe collects the roof runoff for the dry summer months.',
};

let served: ServedApp;
let stop: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'pdw-e2e-restored-'));
  const dataDir = join(work, 'data');
  await mkdir(join(work, 'notes'));
  for (const [name, text] of Object.entries(NOTES)) await writeFile(join(work, 'notes', name), text);
  await promisify(execFile)(NODE, [PDW, 'ingest', join(work, 'notes'), '--data-dir', dataDir], {
    env: { ...process.env, PDW_CACHE_DIR: join(tmpdir(), 'pdw-e2e-cache') },
  });
  // As a restore leaves the library: no saved graph (its description gone, the graph cannot be adopted).
  await rm(join(dataDir, 'library', 'index.json'));
  const server = await startServe({ PDW_DEV_GRAPH_DELAY_MS: String(GRAPH_DELAY_MS) }, [], { dataDir });
  served = server.served;
  stop = async () => {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  };
});
test.afterAll(async () => stop?.());

test('says the search index is loading before the first query, answers by keywords, then by meaning', async ({ page }) => {
  await page.goto(`${served.openUrl}#/search`);
  const loading = page.getByRole('status').filter({ hasText: 'Loading the search index…' });
  await expect(loading).toBeVisible({ timeout: 15_000 });

  const results = page.getByTestId('search-results').getByRole('listitem');
  const notice = page.getByRole('status').filter({ hasText: 'Matching by meaning as soon as the index has loaded…' });
  await page.getByLabel('Search query').fill('water');
  // Answered at once by keywords, well before the graph is built.
  await expect(results).toHaveCount(2, { timeout: GRAPH_DELAY_MS / 2 });
  await expect(notice).toBeVisible();
  await expect(results.filter({ hasText: 'Rain barrels' })).toHaveCount(0);

  await expect(notice).toHaveCount(0, { timeout: GRAPH_DELAY_MS + 20_000 });
  await expect(results.filter({ hasText: 'Rain barrels' })).toHaveCount(1);
  await page.getByLabel('Search query').fill('');
  await expect(loading).toHaveCount(0);
});
