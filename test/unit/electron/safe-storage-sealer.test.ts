// The desktop sealer with the real keystore code. Electron cannot run here, so only its `safeStorage`
// (the OS keychain, out of our reach) is stood in for: a keychain that really encrypts, under a key of
// its own, and fails to decrypt what another keychain wrapped — as the real one does.
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageSealer } from '../../../src-main/electron/safe-storage-sealer.ts';
import { phraseWords } from '../../../src-main/wallet/keys.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { errorCode, openWallet, readKeystoreBytes } from '../wallet/helpers.ts';
import { SUI_VECTORS } from '../wallet/vectors.ts';
import { fakeKeychain, sealerOf } from '../wallet/fake-keychain.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await makeTempDir('pdw-keychain-');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the system keychain sealer', () => {
  it('creates a wallet without a passphrase, and unlocks it again after a lock and after a restart', async () => {
    const keychain = fakeKeychain();
    const sealer = await sealerOf(keychain.storage);
    const wallet = await openWallet(dataDir, { sealer });
    const created = await wallet.create({ words: 12 });
    expect(wallet.status).toMatchObject({ exists: true, locked: false, sealer: 'os', address: created.address });
    expect(keychain.wrapped).toHaveLength(1);

    wallet.lock();
    expect(wallet.status.locked).toBe(true);
    expect(await wallet.unlock()).toMatchObject({ locked: false, address: created.address });

    wallet.stop();
    const restarted = await openWallet(dataDir, { sealer: await sealerOf(keychain.storage) });
    expect(restarted.status).toMatchObject({ exists: true, locked: true, sealer: 'os' });
    expect(await restarted.unlock()).toMatchObject({ locked: false, address: created.address });
    // The unlocked secret is the created phrase: the backup check passes with its words.
    const words = phraseWords(created.phrase);
    expect((await restarted.confirmBackup([1, 2, 3].map((p) => ({ position: p, word: words[p - 1]! })))).phraseConfirmed).toBe(true);
  });

  it('keeps no secret in clear in the keystore file: not the phrase, not the key, not the key the keychain wrapped', async () => {
    const keychain = fakeKeychain();
    const wallet = await openWallet(dataDir, { sealer: await sealerOf(keychain.storage) });
    await wallet.import({ secret: SUI_VECTORS[0].phrase });
    const text = (await readKeystoreBytes(dataDir)).toString('utf8');
    const file = JSON.parse(text) as { sealer: { kind: string; wrappedKey: string } };
    const keyBase64 = keychain.wrapped[0]!;
    expect(file.sealer.kind).toBe('os');
    expect(file.sealer.wrappedKey).not.toBe(keyBase64);
    expect(text).not.toContain(keyBase64);
    expect(text).not.toContain(Buffer.from(keyBase64, 'base64').toString('hex'));
    for (const run of consecutiveWords(SUI_VECTORS[0].phrase, 3)) expect(text).not.toContain(run);
    expect(text).not.toContain(SUI_VECTORS[0].privateKey);
  });

  it('answers unauthorized when the keychain cannot decrypt the wrapped key (another user or keychain)', async () => {
    const wallet = await openWallet(dataDir, { sealer: await sealerOf(fakeKeychain().storage) });
    await wallet.import({ secret: SUI_VECTORS[1].phrase });
    wallet.stop();
    const elsewhere = await openWallet(dataDir, { sealer: await sealerOf(fakeKeychain().storage) });
    expect(await errorCode(elsewhere.unlock())).toBe('unauthorized');
    expect(elsewhere.status.locked).toBe(true);
  });

  it('leaves a keychain-sealed wallet to the desktop app: a passphrase-only run cannot open it', async () => {
    const wallet = await openWallet(dataDir, { sealer: await sealerOf(fakeKeychain().storage) });
    await wallet.import({ secret: SUI_VECTORS[2].phrase });
    wallet.stop();
    const cli = await openWallet(dataDir);
    expect(await errorCode(cli.unlock('any passphrase'))).toBe('unsupported');
  });

  it('is refused where the keychain protects nothing, so the passphrase sealer stays', async () => {
    expect(await createSafeStorageSealer(fakeKeychain({ available: false }).storage, 'linux')).toBeUndefined();
    expect(await createSafeStorageSealer(fakeKeychain({ backend: 'basic_text' }).storage, 'linux')).toBeUndefined();
    expect(await createSafeStorageSealer(fakeKeychain({ backend: 'unknown' }).storage, 'linux')).toBeUndefined();
    expect((await createSafeStorageSealer(fakeKeychain({ backend: 'kwallet6' }).storage, 'linux'))?.kind).toBe('os');
    // Only Linux has the fallback backend; elsewhere availability is the whole answer.
    expect((await createSafeStorageSealer(fakeKeychain({ backend: 'unknown' }).storage, 'darwin'))?.kind).toBe('os');
  });

  it('says which keystore field is missing instead of asking the keychain about nothing', async () => {
    const sealer = await sealerOf(fakeKeychain().storage);
    expect(await errorCode(sealer.openKey({ kind: 'os' }, undefined))).toBe('internal');
  });
});

function consecutiveWords(phrase: string, length: number): string[] {
  const words = phraseWords(phrase);
  return words.slice(0, words.length - length + 1).map((_, i) => words.slice(i, i + length).join(' '));
}
