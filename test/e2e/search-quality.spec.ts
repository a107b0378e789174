// Settings' "Check search quality" in Chromium against `pdw serve`, on a library of real text (READMEs and
// FAQs from /usr/share/doc) ingested by the CLI: the embedding model named, progress while the job runs,
// then the table of MRR and recall@10 per search mode and what it means.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { copyDebianDocs } from '../fixtures/library/debian-docs.ts';
import { startServe, type ServedApp } from './fixtures.ts';

const PDW = fileURLToPath(new URL('../../bin/pdw.js', import.meta.url));
const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));

let served: ServedApp;
let stop: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const work = await mkdtemp(join(tmpdir(), 'pdw-e2e-quality-'));
  const dataDir = join(work, 'data');
  await copyDebianDocs(join(work, 'docs'), 160);
  await promisify(execFile)(NODE, [PDW, 'ingest', join(work, 'docs'), '--data-dir', dataDir], { env: { ...process.env, PDW_CACHE_DIR: join(tmpdir(), 'pdw-e2e-cache') } });
  const server = await startServe({}, [], { dataDir });
  served = server.served;
  stop = async () => {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  };
});
test.afterAll(async () => stop?.());

test('checks search quality from Settings: progress, then the table', async ({ page }) => {
  await page.goto(`${served.openUrl}#/settings`);
  const section = page.getByRole('region', { name: 'Search quality' });
  await expect(section.locator('output[name="embeddingModel"]')).toHaveText('wink-sg-100d-sif@2 (100 dimensions)');

  await section.getByRole('button', { name: 'Check search quality' }).click();
  await expect(section.getByTestId('search-quality-progress')).toBeVisible();
  await expect(section.getByRole('progressbar', { name: 'Search quality check progress' })).toBeVisible();

  const result = section.getByTestId('search-quality-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(section.getByTestId('search-quality-progress')).toHaveCount(0);
  const rows: [string, string][] = [
    ['keyword', 'Keywords only'],
    ['vector', 'Meaning only (embedding model)'],
    ['hybrid', 'Hybrid (what search uses)'],
  ];
  for (const [mode, label] of rows) {
    await expect(result.locator(`tr[data-mode="${mode}"]`)).toContainText(label);
    await expect(result.locator(`tr[data-mode="${mode}"] td`).nth(1)).toHaveText(/^[01]\.\d{3}$/);
  }
  await expect(result).toContainText(/\d+ queries from \d+ of \d+ documents/);
  await expect(result).toContainText('For example: “');
  // The check can run again.
  await expect(section.getByRole('button', { name: 'Check search quality' })).toBeEnabled();
});
