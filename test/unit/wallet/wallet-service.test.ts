import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { phraseWords } from '../../../src-main/wallet/keys.ts';
import type { SecretSealer } from '../../../src-main/wallet/sealer.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { errorCode, openWallet, PASSPHRASE } from './helpers.ts';
import { SUI_VECTORS } from './vectors.ts';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await makeTempDir('pdw-wallet-');
  dirs.push(dir);
  return dir;
}
let dataDir: string;
beforeEach(async () => {
  dataDir = await freshDir();
});
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('wallet service', () => {
  it('creates a wallet, unlocked, with the phrase confirmation pending until the asked words are given', async () => {
    const wallet = await openWallet(dataDir);
    const seen: boolean[] = [];
    wallet.onChange((s) => seen.push(s.phraseConfirmed));
    expect(wallet.status).toMatchObject({ exists: false, locked: true, address: null, sealer: 'passphrase' });
    const created = await wallet.create({ words: 12, passphrase: PASSPHRASE });
    expect(phraseWords(created.phrase)).toHaveLength(12);
    expect(created.confirmPositions).toHaveLength(3);
    expect(wallet.status).toMatchObject({ exists: true, locked: false, address: created.address, secretKind: 'phrase', phraseConfirmed: false });

    const words = phraseWords(created.phrase);
    const [a, b, c] = created.confirmPositions as [number, number, number];
    const wrongWord = words[a - 1] === 'zoo' ? 'abandon' : 'zoo';
    expect(await errorCode(wallet.confirmBackup([{ position: a, word: wrongWord }, { position: b, word: words[b - 1]! }, { position: c, word: words[c - 1]! }]))).toBe('invalid_input');
    expect(await errorCode(wallet.confirmBackup([{ position: a, word: words[a - 1]! }]))).toBe('invalid_input');
    const status = await wallet.confirmBackup(created.confirmPositions.map((p) => ({ position: p, word: ` ${words[p - 1]!.toUpperCase()} ` })));
    expect(status.phraseConfirmed).toBe(true);
    expect((await openWallet(dataDir)).status.phraseConfirmed).toBe(true);
    expect(seen.at(-1)).toBe(true);
  });

  it('confirming needs the wallet unlocked, and a second wallet cannot overwrite the first', async () => {
    const wallet = await openWallet(dataDir);
    const created = await wallet.create({ passphrase: PASSPHRASE });
    expect(phraseWords(created.phrase)).toHaveLength(24);
    wallet.lock();
    const answers = created.confirmPositions.map((p) => ({ position: p, word: phraseWords(created.phrase)[p - 1]! }));
    expect(await errorCode(wallet.confirmBackup(answers))).toBe('locked');
    expect(await errorCode(wallet.create({ passphrase: PASSPHRASE }))).toBe('conflict');
    expect(await errorCode(wallet.import({ secret: SUI_VECTORS[0].phrase, passphrase: PASSPHRASE }))).toBe('conflict');
    await wallet.unlock(PASSPHRASE);
    expect((await wallet.confirmBackup(answers)).phraseConfirmed).toBe(true);
  });

  it('two concurrent creates make one wallet, not two', async () => {
    const wallet = await openWallet(dataDir);
    const results = await Promise.allSettled([wallet.create({ passphrase: PASSPHRASE }), wallet.create({ passphrase: PASSPHRASE })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('backup keys are stable across re-import of the same phrase on another machine, and need the wallet unlocked', async () => {
    const first = await openWallet(dataDir);
    await first.import({ secret: SUI_VECTORS[0].phrase, passphrase: PASSPHRASE });
    const keys = first.backupKeys();
    first.lock();
    expect(await errorCode(() => first.backupKeys())).toBe('locked');
    expect(await errorCode(() => first.signer())).toBe('locked');

    const second = await openWallet(await freshDir());
    await second.import({ secret: SUI_VECTORS[0].phrase.toUpperCase(), passphrase: 'another passphrase' });
    expect(second.status).toMatchObject({ address: SUI_VECTORS[0].address, phraseConfirmed: true });
    expect(hex(second.backupKeys().manifest)).toBe(hex(keys.manifest));
    expect(second.signer().toSuiAddress()).toBe(SUI_VECTORS[0].address);

    const fromKey = await openWallet(await freshDir());
    await fromKey.import({ secret: SUI_VECTORS[0].privateKey, passphrase: PASSPHRASE });
    expect(fromKey.status).toMatchObject({ address: SUI_VECTORS[0].address, secretKind: 'privateKey', phraseConfirmed: true });
    expect(hex(fromKey.backupKeys().manifest)).not.toBe(hex(keys.manifest));
    expect(await errorCode(fromKey.confirmBackup([{ position: 1, word: 'film' }]))).toBe('unsupported');
  });

  it('refuses invalid imports without creating a keystore', async () => {
    const wallet = await openWallet(dataDir);
    expect(await errorCode(wallet.import({ secret: 'not a phrase at all', passphrase: PASSPHRASE }))).toBe('invalid_input');
    expect(await errorCode(wallet.import({ secret: SUI_VECTORS[0].phrase, passphrase: 'short' }))).toBe('invalid_input');
    expect(wallet.status.exists).toBe(false);
    expect((await openWallet(dataDir)).status.exists).toBe(false);
  });

  it('locks itself after the idle timeout', async () => {
    const wallet = await openWallet(dataDir, { autoLockMs: 300 });
    await wallet.import({ secret: SUI_VECTORS[1].phrase, passphrase: PASSPHRASE });
    expect(wallet.status).toMatchObject({ locked: false, autoLockMinutes: 0.005 });
    await new Promise((r) => setTimeout(r, 200));
    wallet.backupKeys(); // use restarts the idle timer
    await new Promise((r) => setTimeout(r, 150));
    expect(wallet.status.locked).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(wallet.status.locked).toBe(true);
  });

  it('removes the wallet only with the address typed back and the passphrase (or the phrase), even while locked', async () => {
    const wallet = await openWallet(dataDir);
    await wallet.import({ secret: SUI_VECTORS[2].phrase, passphrase: PASSPHRASE });
    wallet.lock();
    const address = SUI_VECTORS[2].address;
    expect(await errorCode(wallet.remove({ confirmAddress: SUI_VECTORS[1].address, passphrase: PASSPHRASE }))).toBe('invalid_input');
    expect(await errorCode(wallet.remove({ confirmAddress: address }))).toBe('invalid_input');
    expect(await errorCode(wallet.remove({ confirmAddress: address, passphrase: 'not the passphrase' }))).toBe('unauthorized');
    expect(await errorCode(wallet.remove({ confirmAddress: address, secret: SUI_VECTORS[1].phrase }))).toBe('unauthorized');
    expect(await errorCode(wallet.remove({ confirmAddress: address, secret: 'not a phrase' }))).toBe('invalid_input');
    expect(wallet.status.exists).toBe(true);
    expect((await openWallet(dataDir)).status.exists).toBe(true);
    const status = await wallet.remove({ confirmAddress: address.toUpperCase().replace('0X', '0x'), passphrase: PASSPHRASE });
    expect(status).toMatchObject({ exists: false, locked: true, address: null });
    expect((await openWallet(dataDir)).status.exists).toBe(false);
    expect(await errorCode(wallet.unlock(PASSPHRASE))).toBe('not_found');

    await wallet.import({ secret: SUI_VECTORS[1].privateKey, passphrase: PASSPHRASE });
    expect((await wallet.remove({ confirmAddress: SUI_VECTORS[1].address, secret: ` ${SUI_VECTORS[1].privateKey}\n` })).exists).toBe(false);
  });

  it('while the phrase is unconfirmed, removal also needs the loss of the backups accepted, unless the phrase is given', async () => {
    const wallet = await openWallet(dataDir);
    const first = await wallet.create({ words: 12, passphrase: PASSPHRASE });
    const refused = wallet.remove({ confirmAddress: first.address, passphrase: PASSPHRASE });
    await expect(refused).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('never confirmed') });
    expect(await errorCode(wallet.remove({ confirmAddress: first.address, passphrase: PASSPHRASE, acceptUnreadableBackups: false }))).toBe('invalid_input');
    expect(await errorCode(wallet.remove({ confirmAddress: first.address, passphrase: 'not the passphrase', acceptUnreadableBackups: true }))).toBe('unauthorized');
    expect(wallet.status.exists).toBe(true);
    expect((await wallet.remove({ confirmAddress: first.address, passphrase: PASSPHRASE, acceptUnreadableBackups: true })).exists).toBe(false);

    const second = await wallet.create({ words: 12, passphrase: PASSPHRASE });
    expect((await wallet.remove({ confirmAddress: second.address, secret: second.phrase })).exists).toBe(false);
  });

  it('a wallet the system keychain protects is removed with its phrase, not a passphrase it does not have', async () => {
    const keychain: SecretSealer = {
      kind: 'os',
      needsPassphrase: false,
      createKey: async () => ({ key: new Uint8Array(32).fill(7), params: { kind: 'os' } }),
      openKey: async () => new Uint8Array(32).fill(7),
    };
    const wallet = await openWallet(dataDir, { sealer: keychain });
    await wallet.import({ secret: SUI_VECTORS[0].phrase });
    const address = SUI_VECTORS[0].address;
    await expect(wallet.remove({ confirmAddress: address })).rejects.toMatchObject({ code: 'invalid_input', message: 'Removing the wallet needs its recovery phrase.' });
    expect(await errorCode(wallet.remove({ confirmAddress: address, passphrase: 'anything' }))).toBe('unsupported');
    expect((await wallet.remove({ confirmAddress: address, secret: SUI_VECTORS[0].phrase })).exists).toBe(false);
  });
});
