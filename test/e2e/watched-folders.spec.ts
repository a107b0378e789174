import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { startServe } from './fixtures.ts';

// A folder watched on the server (`pdw watch add`, as its owner would) is kept in sync by `pdw serve`: the
// Library page shows it, a file written into it appears within seconds, and it can be paused and dropped.
const PDW = fileURLToPath(new URL('../../bin/pdw.js', import.meta.url));
const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));

test('a watched folder stays in sync while the web host runs', async ({ page }) => {
  const root = await mkdtemp(join(tmpdir(), 'pdw-e2e-watch-'));
  const notes = join(root, 'notes');
  const dataDir = join(root, 'data');
  await mkdir(notes);
  await writeFile(join(notes, 'beekeeping.txt'), 'Beekeeping notes: inspect the hive every week in spring.');
  const env = { ...process.env, PDW_DATA_DIR: dataDir, PDW_CACHE_DIR: join(tmpdir(), 'pdw-e2e-cache') };
  await promisify(execFile)(NODE, [PDW, 'watch', 'add', notes], { env, timeout: 60_000 });
  const server = await startServe({}, [], { dataDir });
  try {
    await page.goto(`${server.served.openUrl}#/library`);
    const panel = page.getByTestId('watched-folders');
    await expect(panel).toContainText(notes);
    await expect(panel).toContainText('in sync');
    await expect(panel).toContainText('1 document(s)');
    await expect(page.getByTestId('documents')).toContainText('Beekeeping notes');

    await writeFile(join(notes, 'orchard.md'), '# Orchard plan\n\nPrune the apple trees in late winter.');
    await expect(page.getByTestId('documents')).toContainText('Orchard plan', { timeout: 15_000 });
    await expect(panel).toContainText('2 document(s)');

    await panel.getByRole('button', { name: 'Pause' }).click();
    await expect(panel).toContainText('Paused');
    await panel.getByRole('button', { name: 'Resume' }).click();
    await expect(panel).toContainText('Changes are added within seconds');

    await panel.getByRole('button', { name: `Stop watching ${notes}` }).click();
    await page.getByRole('alertdialog', { name: `Stop watching ${notes}` }).getByRole('button', { name: 'Stop watching' }).click();
    // Web mode lists only server-side folders: with none left, the panel goes, the documents stay.
    await expect(panel).toHaveCount(0);
    await expect(page.getByTestId('documents')).toContainText('Orchard plan');
  } finally {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
});
