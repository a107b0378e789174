// The whole journey through the real UI, as a new user lives it: first run on an empty data folder, a
// wallet created on the Wallet page (phrase shown once, three words asked back), a folder of notes added,
// searches, a backup to Walrus; then the machine is lost (server stopped, data folder deleted, only the
// local Walrus server's own data — "the network" — kept), PDW starts fresh, and the Restore page brings the
// library back from the recovery phrase alone: the same queries rank the same results.
// PDW_SCREENSHOTS=1 saves a screenshot of each page into docs/screenshots/ (the README's pictures;
// `node tools/screenshots/capture.ts` runs this spec that way).
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { createWalletShowingPhrase, startServe } from './fixtures.ts';

const PASSPHRASE = 'a journey passphrase';
const NOTES: Record<string, string> = {
  'walrus-quilts.md': '# Walrus quilts\n\nA quilt batches many small files into one Walrus blob, so storing hundreds of notes costs a fraction of storing each alone.\n',
  'sourdough.txt': 'Sourdough starter: feed it flour and water every morning; bake the bread when the dough has doubled.\n',
  'garden.html': '<html><head><title>Garden journal</title></head><body><p>Tomatoes want full sun and deep watering twice a week in July.</p></body></html>',
  'lisbon.md': '# Lisbon trip\n\nTram 28 climbs to Alfama; the castle viewpoint is best at sunset, with the river below.\n',
  'harbour.md': '# Harbour log\n\nThe lighthouse keeper writes down every ship that enters the harbour at dawn, and the weather at sea.\n',
};
const QUERIES = ['cheap storage for many small notes', 'baking bread', 'sunset viewpoint', 'ships at sea'];
/** The local Walrus server inside `pdw serve` keeps its data here, inside the data folder. */
const NETWORK = 'walrus-local';
const SCREENSHOTS = process.env.PDW_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : null;

test.use({ viewport: { width: 1200, height: 760 }, colorScheme: 'dark' });

let root: string;
test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pdw-journey-'));
});
test.afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

test('new wallet, a folder of notes, search, backup; then on a wiped machine, restore from the recovery phrase gives the same results', async ({ page }) => {
  const dataDir = join(root, 'data');
  const folder = join(root, 'notes');
  await mkdir(folder);
  for (const [name, text] of Object.entries(NOTES)) await writeFile(join(folder, name), text);

  // 1. First run on an empty data folder.
  let server = await startServe({}, ['--walrus', 'local'], { dataDir });
  try {
    await page.goto(`${server.served.openUrl}#/wallet`);
    const phrase = await createWallet(page);
    await expect(page.getByTestId('wallet-balances')).toContainText('From ');
    await shot(page, 'wallet');

    // 2. The folder's files, chosen in the file picker (the browser's way to add a folder's contents).
    await page.getByRole('link', { name: 'Library' }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add files…' }).click();
    await (await chooser).setFiles((await readdir(folder)).map((name) => join(folder, name)));
    await expect(page.getByTestId('ingest-report')).toContainText(`${Object.keys(NOTES).length} added`, { timeout: 30_000 });
    await expect(page.getByTestId('documents').getByRole('row')).toHaveCount(Object.keys(NOTES).length + 1);
    await shot(page, 'library');

    // 3. Searches, their ranked results recorded.
    await page.getByRole('link', { name: 'Search' }).click();
    const before = await rankings(page);
    expect(before[0]?.[0]).toMatch(/^Walrus quilts/);
    expect(before[1]?.[0]).toMatch(/^sourdough/i);
    await search(page, QUERIES[0]!);
    await shot(page, 'search');

    // 4. A backup, complete on Walrus.
    await page.getByRole('link', { name: 'Backups' }).click();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByTestId('backup-report')).toContainText('Snapshot stored', { timeout: 30_000 });
    await expect(page.getByTestId('snapshots')).toContainText('complete');
    await shot(page, 'backups');
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
    await shot(page, 'settings');

    // 5. The machine is lost: everything but the network's own data goes.
    await server.stop();
    for (const name of await readdir(dataDir)) if (name !== NETWORK) await rm(join(dataDir, name), { recursive: true, force: true });
    expect(await readdir(dataDir)).toEqual([NETWORK]);

    // 6. A fresh start: the Restore page takes the recovery phrase and finds the wallet's snapshot.
    server = await startServe({}, ['--walrus', 'local'], { dataDir });
    await page.goto(`${server.served.openUrl}#/restore`);
    const form = page.getByRole('form', { name: 'Restore from recovery phrase' });
    await expect(form).toBeVisible();
    await shot(page, 'restore-phrase');
    await form.getByLabel('Recovery phrase or private key').fill(phrase);
    await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await form.getByLabel('Repeat passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Import wallet' }).click();
    await expect(page.getByTestId('discovered')).toContainText('Found 1 snapshot(s)', { timeout: 30_000 });
    const snapshot = page.getByRole('radio', { name: new RegExp(`From your wallet: .* ${Object.keys(NOTES).length} documents`) });
    await snapshot.check();
    await shot(page, 'restore');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByTestId('restore-preview')).toContainText(`${Object.keys(NOTES).length} documents`);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: /Into an empty library/ }).check();
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(page.getByTestId('restore-status')).toContainText(`${Object.keys(NOTES).length} documents`, { timeout: 30_000 });
    await expect(page.getByTestId('restore-status')).toContainText('Restore succeeded');

    // 7. The same queries, the same ranked results, once the graph a restore leaves to build is in (until then
    // searches answer by keywords and say so).
    await page.getByRole('link', { name: 'Search' }).click();
    await expect.poll(() => rankings(page), { timeout: 30_000 }).toEqual(before);
  } finally {
    await server.stop();
  }
});

/** Creates a 12-word wallet on the Wallet page; returns the phrase, read from the one screen that shows it. */
async function createWallet(page: Page): Promise<string> {
  const words = await createWalletShowingPhrase(page, PASSPHRASE);
  await page.getByRole('button', { name: 'I have written it down' }).click();

  const confirm = page.getByRole('form', { name: 'Confirm your recovery phrase' });
  const fields = confirm.getByRole('textbox');
  await expect(fields).toHaveCount(3);
  for (const [i, label] of (await confirm.locator('label').allInnerTexts()).entries()) {
    const position = Number(/#(\d+)/.exec(label)?.[1]);
    await fields.nth(i).fill(words[position - 1]!);
  }
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('wallet-address')).toHaveText(/^0x[0-9a-f]{64}$/);
  return words.join(' ');
}

/** Runs a query and waits for its own answer (the count line is empty until a reply for the new query arrives). */
async function search(page: Page, query: string): Promise<void> {
  const box = page.getByLabel('Search query');
  await box.fill('');
  await expect(page.getByTestId('search-results').getByRole('listitem')).toHaveCount(0);
  await box.fill(query);
  await expect(page.getByText(/\d+ result\(s\) in/)).toBeVisible();
}

/** For each query, the ranked results as "title — snippet". */
async function rankings(page: Page): Promise<string[][]> {
  const all: string[][] = [];
  for (const query of QUERIES) {
    await search(page, query);
    const items = page.getByTestId('search-results').getByRole('listitem');
    all.push((await items.evaluateAll((lis) => lis.map((li) => `${li.querySelector('.result-title')?.textContent} — ${li.querySelector('.snippet')?.textContent}`))));
  }
  return all;
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}
