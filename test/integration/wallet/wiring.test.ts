// The wallet as app.ts assembles it: events on every change, chain reads that follow the settings.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../../src-shared/contract/index.ts';
import type { WalletStatus } from '../../../src-shared/contract/wallet.ts';
import { DEFAULT_SETTINGS } from '../../../src-main/kernel/config/config.ts';
import { wireWallet } from '../../../src-main/wallet/wiring.ts';
import { testKernel } from '../../helpers/kernel.ts';
import { startSuiLocal, type SuiLocalServer } from '../../../tools/sui-local/server.ts';
import { MemorySuiSource } from '../../../tools/sui-local/source.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { SUI_VECTORS } from '../../unit/wallet/vectors.ts';
import { blobRecord } from './fixtures.ts';

let dataDir: string;
let sui: SuiLocalServer;
const source = new MemorySuiSource();
beforeAll(async () => {
  dataDir = await makeTempDir('pdw-wallet-wiring-');
  sui = await startSuiLocal({ source });
  for (let n = 0; n < 3; n++) source.addBlobObject(blobRecord(n, SUI_VECTORS[0].address));
});
afterAll(async () => {
  await sui.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('wallet wiring', () => {
  it('emits wallet.changed, locks on stop, and lists the wallet’s own blob objects from the current RPC', async () => {
    const emitted: WalletStatus[] = [];
    const settings: { current: Settings } = { current: { ...DEFAULT_SETTINGS, suiNetwork: 'localnet', suiRpcUrl: 'http://127.0.0.1:9' } };
    const kernel = await testKernel(dataDir);
    kernel.events.subscribe((event) => {
      if (event.name === 'wallet.changed') emitted.push(event.payload);
    });
    const { services, facade: wired } = wireWallet(kernel, {}, { settings });
    kernel.services.add(...services);
    await kernel.services.start();
    await expect(wired.listOwnedBlobObjects()).rejects.toMatchObject({ code: 'not_found' });
    // The default passphrase sealer, at its full cost: what the app really uses.
    await wired.wallet.import({ secret: SUI_VECTORS[0].phrase, passphrase: 'wiring passphrase' });
    expect(emitted.at(-1)).toMatchObject({ exists: true, locked: false, address: SUI_VECTORS[0].address, autoLockMinutes: 15 });
    await expect(wired.listOwnedBlobObjects()).rejects.toMatchObject({ code: 'unavailable' });
    settings.current = { ...settings.current, suiRpcUrl: sui.url };
    const blobs = await wired.listOwnedBlobObjects();
    expect(blobs.map((b) => b.blobId).sort()).toEqual([0, 1, 2].map((n) => blobRecord(n).blobId).sort());
    await kernel.services.stop();
    expect(wired.wallet.status.locked).toBe(true);
  });
});
