// `node tools/screenshots/capture.ts`: a short journey through the real UI in Debian's Chromium —
// create a wallet, add documents, search, back up — saving a screenshot of each page into
// docs/screenshots/ for the README. Needs `npm run build` first.
import { chromium, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';
import { startServe } from '../../test/e2e/fixtures.ts';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PASSPHRASE = 'a long screenshot passphrase';
const NOTES = [
  ['walrus-quilts.md', '# Walrus quilts\n\nA quilt batches many small files into one Walrus blob, so storing hundreds of notes costs a fraction of storing each alone.\n'],
  ['sourdough.txt', 'Sourdough starter: feed it flour and water every morning; bake when the dough has doubled.\n'],
  ['garden.html', '<html><head><title>Garden journal</title></head><body><p>Tomatoes want full sun and deep watering twice a week in July.</p></body></html>'],
  ['travel.md', '# Lisbon trip\n\nTram 28 climbs to Alfama; the castle viewpoint is best at sunset.\n'],
] as const;

await mkdir(OUT, { recursive: true });
const server = await startServe({ PDW_PASSPHRASE: PASSPHRASE }, ['--walrus', 'local']);
const browser = await chromium.launch({ executablePath: process.env.PDW_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${server.served.openUrl}#/library`);
  await page.evaluate(
    ([token, passphrase]) => fetch('/api/wallet.create', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify({ words: 12, passphrase }) }),
    [server.served.token, PASSPHRASE] as const,
  );
  await page.getByTestId('file-input').setInputFiles(NOTES.map(([name, text]) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text) })));
  await page.getByTestId('ingest-report').waitFor({ timeout: 60_000 });
  await shot(page, 'library');

  await page.getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Search query').fill('cheap storage for many small notes');
  await page.getByTestId('search-results').getByRole('listitem').first().waitFor();
  await shot(page, 'search');

  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await page.getByTestId('backup-report').waitFor({ timeout: 60_000 });
  await shot(page, 'backups');

  await page.getByRole('link', { name: 'Restore' }).click();
  await page.getByRole('button', { name: "Find my wallet's snapshots" }).click();
  await page.getByTestId('discovered').waitFor();
  await shot(page, 'restore');

  await page.getByRole('link', { name: 'Wallet' }).click();
  await page.waitForTimeout(500);
  await shot(page, 'wallet');
  await page.getByRole('link', { name: 'Settings' }).click();
  await shot(page, 'settings');
} finally {
  await browser.close();
  await server.stop();
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300); // let the last reply render
  await page.screenshot({ path: `${OUT}${name}.png` });
  console.log(`docs/screenshots/${name}.png`);
}
