// The Wallet page in Chromium against `pdw serve` and the local Sui RPC: create with the one-time
// phrase and its confirmation, address and QR code, balances online and offline, lock/unlock,
// remove, import — and afterwards neither the page nor the renderer's heap holds the phrase.
import { expect, test, type Page } from '@playwright/test';
import { startSuiLocal, type SuiLocalServer } from '../../tools/sui-local/server.ts';
import { MemorySuiSource } from '../../tools/sui-local/source.ts';
import { createWalletShowingPhrase, startServe, type ServedApp } from './fixtures.ts';

const PASSPHRASE = 'e2e passphrase';
/** Import seals the key and removal checks the passphrase through the keystore's KDF: seconds on a busy machine. */
const KDF_MS = 30_000;
const VECTOR = {
  phrase: 'film crazy soon outside stand loop subway crumble thrive popular green nuclear struggle pistol arm wife phrase warfare march wheat nephew ask sunny firm',
  address: '0xa2d14fad60c56049ecf75246a481934691214ce413e6a8ae2fe6834c173a6133',
};

const source = new MemorySuiSource();
let sui: SuiLocalServer;
let served: ServedApp;
let stopServe: () => Promise<void>;

test.beforeAll(async () => {
  sui = await startSuiLocal({ source });
  const server = await startServe({ SUI_NETWORK: 'localnet', SUI_RPC_URL: sui.url });
  served = server.served;
  stopServe = server.stop;
  const probe = await fetch(`${served.url}/api/wallet.status`, { method: 'POST', headers: { authorization: `Bearer ${served.token}` }, body: '{}' });
  expect(probe.status).toBe(200);
});
test.afterAll(async () => {
  await stopServe?.();
  await sui?.close();
});

/** Searches a heap snapshot of the page (taken after a full GC) for `needle`. */
async function heapContains(page: Page, needle: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  let snapshot = '';
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => (snapshot += chunk));
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return snapshot.includes(needle);
}

test('create shows the phrase once, asks for three of its words, then shows address, QR and balances', async ({ page }) => {
  test.setTimeout(120_000); // several passphrase KDF runs and two heap snapshots
  await page.goto(`${served.openUrl}#/wallet`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wallet');
  const words = await createWalletShowingPhrase(page, PASSPHRASE);
  const grid = page.getByTestId('recovery-phrase');
  const phrase = words.join(' ');
  await expect(page.getByRole('note')).toContainText('will not show them again');
  expect(await heapContains(page, phrase)).toBe(true); // the heap search does see the phrase while it is shown
  await page.getByRole('button', { name: 'I have written it down' }).click();
  await expect(grid).toHaveCount(0);

  // Three asked words, keyboard only: the first field has focus, Tab moves on, Enter submits.
  const fields = page.getByRole('form', { name: 'Confirm your recovery phrase' }).getByRole('textbox');
  await expect(fields).toHaveCount(3);
  const labels = await page.locator('.confirm-words span').allInnerTexts();
  const positions = labels.map((l) => Number(l.replace('Word #', '')));
  await expect(fields.first()).toBeFocused();
  await page.keyboard.type(words[positions[0]! - 1] === 'zoo' ? 'abandon' : 'zoo');
  for (const p of positions.slice(1)) {
    await page.keyboard.press('Tab');
    await page.keyboard.type(words[p - 1]!);
  }
  await page.keyboard.press('Enter');
  await expect(page.getByRole('form', { name: 'Confirm your recovery phrase' }).getByRole('alert')).toHaveText(`Word ${positions[0]} does not match your recovery phrase.`);
  await fields.first().fill(words[positions[0]! - 1]!);
  await page.keyboard.press('Enter');

  const address = page.getByTestId('wallet-address');
  await expect(address).toHaveText(/^0x[0-9a-f]{64}$/);
  const walletAddress = (await address.innerText()).trim();
  await expect(page.getByRole('img', { name: /QR code/ })).toHaveAttribute('src', /^data:image\/png;base64,/);
  source.setBalance(walletAddress, '0x2::sui::SUI', 2_500_000_000n);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId('balance-sui')).toHaveText('2.5');
  await expect(page.getByTestId('balance-wal')).toHaveText('0');

  // The phrase is gone from the page and from the renderer's memory.
  expect(await page.locator('body').innerText()).not.toContain(words.slice(0, 3).join(' '));
  expect(await heapContains(page, phrase)).toBe(false);

  // Lock, a wrong passphrase, then the right one.
  await page.getByRole('button', { name: 'Lock wallet' }).click();
  const unlockForm = page.getByRole('form', { name: 'Unlock the wallet' }); // waits for the lock to land
  await unlockForm.getByLabel('Passphrase').fill('wrong passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('form', { name: 'Unlock the wallet' }).getByRole('alert')).toHaveText('Wrong passphrase.');
  await unlockForm.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('wallet-address')).toHaveText(walletAddress);

  // Offline: the RPC goes away, the page says so instead of failing.
  await sui.close();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId('wallet-balances')).toContainText('Offline');
  sui = await startSuiLocal({ source });

  // Remove needs the address typed back and the passphrase.
  await page.getByText('Remove wallet from this device').click();
  const remove = page.getByRole('button', { name: 'Remove wallet' });
  await expect(remove).toBeDisabled();
  await page.getByLabel('Type the wallet address to confirm').fill(walletAddress);
  await expect(remove).toBeDisabled();
  await page.getByLabel('Passphrase of this wallet').fill('wrong passphrase');
  await remove.click();
  await expect(page.getByRole('form', { name: 'Remove wallet' }).getByRole('alert')).toHaveText('Wrong passphrase.', { timeout: KDF_MS });
  await expect(page.getByTestId('wallet-address')).toHaveText(walletAddress);
  await page.getByLabel('Passphrase of this wallet').fill(PASSPHRASE);
  await remove.click();
  await expect(page.getByRole('button', { name: 'Import wallet' })).toBeVisible({ timeout: KDF_MS });
});

test('imports a wallet from a recovery phrase and shows its known address', async ({ page }) => {
  await page.goto(`${served.openUrl}#/wallet`);
  await page.getByRole('button', { name: 'Import wallet' }).click();
  await page.getByLabel('Recovery phrase or private key').fill('not a valid phrase');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Import wallet' }).click();
  await expect(page.getByRole('form', { name: 'Import a wallet' }).getByRole('alert')).toContainText('12 or 24 words');
  await page.getByLabel('Recovery phrase or private key').fill(VECTOR.phrase);
  await page.getByRole('button', { name: 'Import wallet' }).click();
  await expect(page.getByTestId('wallet-address')).toHaveText(VECTOR.address, { timeout: KDF_MS }); // sealing the key runs the KDF
  await page.reload();
  await expect(page.getByTestId('wallet-address')).toHaveText(VECTOR.address);
  expect(await heapContains(page, VECTOR.phrase)).toBe(false);
});

test('removing a wallet whose phrase was never confirmed asks to accept that backups become unreadable', async ({ page }) => {
  await page.goto(`${served.openUrl}#/wallet`);
  await page.getByText('Remove wallet from this device').click();
  await page.getByLabel('Type the wallet address to confirm').fill(VECTOR.address);
  await page.getByLabel('Passphrase of this wallet').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Remove wallet' }).click();
  await expect(page.getByRole('button', { name: 'Import wallet' })).toBeVisible({ timeout: KDF_MS });

  await createWalletShowingPhrase(page, PASSPHRASE);
  await page.reload(); // the phrase is gone from the page; its backup stays unconfirmed
  const address = (await page.getByTestId('wallet-address').innerText()).trim();
  await page.getByText('Remove wallet from this device').click();
  const remove = page.getByRole('button', { name: 'Remove wallet' });
  await page.getByLabel('Type the wallet address to confirm').fill(address);
  await page.getByLabel('Passphrase of this wallet').fill(PASSPHRASE);
  await expect(remove).toBeDisabled();
  await page.getByLabel(/I accept that my backups on Walrus become unreadable/).check();
  await remove.click();
  await expect(page.getByRole('button', { name: 'Import wallet' })).toBeVisible({ timeout: KDF_MS });
});
