import { decodeSuiPrivateKey } from '@mysten/sui/cryptography';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keystorePath } from '../../../src-main/wallet/keystore-file.ts';
import { DEFAULT_SCRYPT_COST, PassphraseSealer } from '../../../src-main/wallet/passphrase-sealer.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { rm } from 'node:fs/promises';
import { errorCode, openWallet, PASSPHRASE, readKeystoreBytes, TEST_COST } from './helpers.ts';
import { SUI_VECTORS } from './vectors.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await makeTempDir('pdw-wallet-');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** The file without its own vocabulary (keys, enum values), some of which are BIP-39 words ("phrase", "address"). */
function withoutFormatWords(text: string): string {
  return text.replace(/"[A-Za-z]+":/g, '').replace(/"(phrase|privateKey|passphrase|os|scrypt|aes-256-gcm|pdw-keystore)"|true|false/g, '');
}

/** Every spelling of a secret that could leak into the file. */
function secretSpellings(phrase: string, privateKey: string): string[] {
  const raw = Buffer.from(decodeSuiPrivateKey(privateKey).secretKey);
  return [
    phrase,
    ...phrase.split(' ').filter((w) => w.length >= 5),
    privateKey,
    raw.toString('hex'),
    raw.toString('base64'),
    raw.toString('base64url'),
    raw.toString('latin1'),
  ];
}

describe('keystore at rest', () => {
  it('holds no secret in clear: no word of the phrase, no spelling of the key, not the passphrase', async () => {
    const wallet = await openWallet(dataDir);
    const vector = SUI_VECTORS[0];
    await wallet.import({ secret: vector.phrase, passphrase: PASSPHRASE });
    const bytes = await readKeystoreBytes(dataDir);
    const text = withoutFormatWords(bytes.toString('latin1'));
    for (const spelling of [...secretSpellings(vector.phrase, vector.privateKey), PASSPHRASE]) {
      expect(text.includes(spelling), `keystore contains ${spelling.slice(0, 12)}…`).toBe(false);
    }
    const file = JSON.parse(bytes.toString('utf8'));
    expect(file.address).toBe(vector.address);
    expect(file.cipher.algorithm).toBe('aes-256-gcm');
    expect(file.sealer).toMatchObject({ kind: 'passphrase', kdf: 'scrypt', N: TEST_COST, r: 8, p: 1 });
  });

  it('a created wallet leaves no word of its phrase in the file either', async () => {
    const wallet = await openWallet(dataDir);
    const { phrase } = await wallet.create({ words: 24, passphrase: PASSPHRASE });
    const text = withoutFormatWords((await readKeystoreBytes(dataDir)).toString('latin1'));
    expect(text).not.toContain(phrase);
    for (const word of new Set(phrase.split(' ').filter((w) => w.length >= 5))) expect(text).not.toContain(word);
  });

  it('records a strong scrypt cost by default', async () => {
    const { params } = await new PassphraseSealer().createKey(PASSPHRASE);
    expect(DEFAULT_SCRYPT_COST).toBeGreaterThanOrEqual(2 ** 17);
    expect(params).toMatchObject({ kdf: 'scrypt', N: DEFAULT_SCRYPT_COST });
  });

  it('a wrong passphrase fails cleanly with unauthorized and the wallet stays locked', async () => {
    const first = await openWallet(dataDir);
    await first.import({ secret: SUI_VECTORS[1].phrase, passphrase: PASSPHRASE });
    const wallet = await openWallet(dataDir);
    expect(wallet.status).toMatchObject({ exists: true, locked: true, address: SUI_VECTORS[1].address });
    expect(await errorCode(wallet.unlock('wrong passphrase'))).toBe('unauthorized');
    expect(await errorCode(wallet.unlock())).toBe('invalid_input');
    expect(wallet.status.locked).toBe(true);
    expect(await errorCode(() => wallet.backupKeys())).toBe('locked');
    await wallet.unlock(PASSPHRASE);
    expect(wallet.status.locked).toBe(false);
  });

  it('refuses a keystore whose clear address was edited', async () => {
    const wallet = await openWallet(dataDir);
    await wallet.import({ secret: SUI_VECTORS[0].phrase, passphrase: PASSPHRASE });
    const path = keystorePath(dataDir);
    await writeFile(path, (await readFile(path, 'utf8')).replace(SUI_VECTORS[0].address, SUI_VECTORS[1].address));
    const reopened = await openWallet(dataDir);
    expect(reopened.status.address).toBe(SUI_VECTORS[1].address);
    expect(await errorCode(reopened.unlock(PASSPHRASE))).toBe('unauthorized');
  });

  it('a corrupt keystore disables the wallet without stopping the app, and is never overwritten', async () => {
    const path = keystorePath(dataDir);
    const first = await openWallet(dataDir);
    await first.import({ secret: SUI_VECTORS[0].phrase, passphrase: PASSPHRASE });
    const damaged = (await readFile(path, 'utf8')).slice(0, 100);
    await writeFile(path, damaged);
    const wallet = await openWallet(dataDir);
    expect(wallet.status).toMatchObject({ exists: true, locked: true, address: null });
    await expect(wallet.unlock(PASSPHRASE)).rejects.toThrow(/not valid JSON.*move it aside/);
    expect(await errorCode(wallet.create({ passphrase: PASSPHRASE }))).toBe('internal');
    expect(await readFile(path, 'utf8')).toBe(damaged);
  });

  it('changes the passphrase: the old one stops working, the new one opens the same wallet', async () => {
    const wallet = await openWallet(dataDir);
    await wallet.import({ secret: SUI_VECTORS[2].phrase, passphrase: PASSPHRASE });
    const before = await readKeystoreBytes(dataDir);
    expect(await errorCode(wallet.changePassphrase('not it at all', 'new passphrase!'))).toBe('unauthorized');
    expect(await errorCode(wallet.changePassphrase(PASSPHRASE, 'short'))).toBe('invalid_input');
    await wallet.changePassphrase(PASSPHRASE, 'new passphrase!');
    const after = JSON.parse((await readKeystoreBytes(dataDir)).toString('utf8'));
    expect(after.sealer.salt).not.toBe(JSON.parse(before.toString('utf8')).sealer.salt);
    const reopened = await openWallet(dataDir);
    expect(await errorCode(reopened.unlock(PASSPHRASE))).toBe('unauthorized');
    await reopened.unlock('new passphrase!');
    expect(reopened.status).toMatchObject({ locked: false, address: SUI_VECTORS[2].address });
  });
});
