// The Restore page on a new machine when the recovery phrase typed opens a wallet without snapshots.
import { expect, test } from '@playwright/test';
import { startServe } from './fixtures.ts';

// A valid phrase (its checksum holds) of a wallet that never backed anything up: what a phrase with two words
// swapped also is, one time in sixteen for 12 words.
const OTHER_PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PASSPHRASE = 'correct horse battery staple';

test('a phrase that opens a wallet without snapshots names the address and how to try again', async ({ page }) => {
  const server = await startServe({}, ['--walrus', 'local']);
  try {
    await page.goto(`${server.served.openUrl}#/restore`);
    const form = page.getByRole('form', { name: 'Restore from recovery phrase' });
    await form.getByLabel('Recovery phrase or private key').fill(OTHER_PHRASE);
    await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await form.getByLabel('Repeat passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Import wallet' }).click();
    const found = page.getByTestId('discovered');
    await expect(found).toContainText('No snapshots found among the Walrus blobs of 0x', { timeout: 30_000 });
    await expect(found).toContainText('words of a phrase in another order can still make a valid phrase');
    await expect(found).toContainText('remove this wallet on the Wallet page');
  } finally {
    await server.stop();
  }
});
