// Unattended backup keys sealed by the system keychain (the desktop's method) with the real wallet and
// the real sealer code; only Electron's safeStorage is stood in for (test/unit/wallet/fake-keychain.ts).
import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupKeysProvider, UnattendedControl } from '../../../src-main/backup/unattended-control.ts';
import { UnattendedKeys } from '../../../src-main/backup/unattended-keys.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { fakeKeychain, sealerOf } from '../wallet/fake-keychain.ts';
import { openWallet, PASSPHRASE } from '../wallet/helpers.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await makeTempDir('pdw-unattended-unit-');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('unattended keys in the system keychain', () => {
  it('a schedule seals them when the wallet is unlocked; locked, the provider uses them and leaves the wallet locked', async () => {
    const keychain = await sealerOf(fakeKeychain().storage);
    const wallet = await openWallet(dataDir);
    await wallet.create({ words: 12, passphrase: PASSPHRASE });
    const expected = wallet.backupKeys();
    const keys = new UnattendedKeys({ dataDir, keychain });
    const control = new UnattendedControl(wallet, keys);
    await control.turnOnQuietly();
    expect(await control.state()).toEqual({ enabled: true, method: 'os-keychain', keychainAvailable: true });
    // No key in clear on disk.
    const text = await readFile(keys.path, 'utf8');
    expect(text).not.toContain(Buffer.from(expected.content).toString('base64'));

    wallet.lock();
    const provider = backupKeysProvider(wallet, keys, undefined);
    expect(await provider.backupKeys()).toEqual(expected);
    expect(wallet.status.locked).toBe(true);

    // Another keychain (another account, another machine) cannot open them.
    const elsewhere = new UnattendedKeys({ dataDir, keychain: await sealerOf(fakeKeychain().storage) });
    await expect(elsewhere.open(wallet.address ?? '')).rejects.toMatchObject({ code: 'unauthorized' });
    // A file whose address was rewritten fails to authenticate rather than serve another wallet.
    const other = `0x${'c'.repeat(64)}`;
    await writeFile(keys.path, text.replace(wallet.address ?? '', other));
    await expect(keys.open(other)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('without unattended keys a locked wallet fails with the action; turning on while locked takes the passphrase once', async () => {
    const wallet = await openWallet(dataDir);
    await wallet.create({ words: 12, passphrase: PASSPHRASE });
    wallet.lock();
    const keys = new UnattendedKeys({ dataDir });
    const control = new UnattendedControl(wallet, keys);
    const provider = backupKeysProvider(wallet, keys, undefined);
    await expect(provider.backupKeys()).rejects.toMatchObject({ code: 'locked', message: expect.stringMatching(/^Unlock the wallet or turn on unattended backups: pdw schedule enable/) });
    // No keychain here: the method must be chosen, and a locked wallet needs its passphrase.
    await expect(control.turnOn({})).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/cannot spend from the wallet/) });
    await expect(control.turnOn({ method: 'key-file' })).rejects.toMatchObject({ code: 'locked' });
    await expect(control.turnOn({ method: 'key-file', passphrase: 'wrong passphrase' })).rejects.toMatchObject({ code: 'unauthorized' });
    expect(await control.turnOn({ method: 'key-file', passphrase: PASSPHRASE })).toMatchObject({ enabled: true, method: 'key-file' });
    expect(wallet.status.locked).toBe(true);
    await expect(provider.backupKeys()).resolves.toMatchObject({ content: expect.any(Uint8Array) });

    // The environment method keeps nothing on disk and says what the service lacks.
    await control.turnOn({ method: 'environment' });
    expect(await readFile(keys.path, 'utf8')).not.toMatch(/"keys"/);
    await expect(provider.backupKeys()).rejects.toMatchObject({ code: 'locked', message: expect.stringMatching(/PDW_PASSPHRASE is not set/) });
    await expect(backupKeysProvider(wallet, keys, PASSPHRASE).backupKeys()).resolves.toMatchObject({ manifest: expect.any(Uint8Array) });
    expect(await control.turnOff()).toMatchObject({ enabled: false, method: null });
  });
});
