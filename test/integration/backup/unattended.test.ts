// Backups that run with the wallet locked: the real app restarted (every process starts locked, no
// PDW_PASSPHRASE) runs its due scheduled backup with the unattended keys against a local Walrus server
// at 1000 shards; without them the run is logged as failed with the action; the key file is 0600 and
// bound to the wallet's address.
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type PdwApp } from '../../../src-main/app.ts';
import { unattendedKeysPath, UnattendedKeys } from '../../../src-main/backup/unattended-keys.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import { PassphraseSealer } from '../../../src-main/wallet/passphrase-sealer.ts';
import { deriveBackupKeys } from '../../../src-main/wallet/backup-keys.ts';
import type { RunEntry, ScheduleStatus } from '../../../src-shared/contract/backup.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { TEST_COST } from '../../unit/wallet/helpers.ts';
import { SUI_VECTORS } from '../../unit/wallet/vectors.ts';
import { ingestCorpus } from './backup-fixtures.ts';

const PASSPHRASE = 'a long test passphrase';
const PHRASE: string = SUI_VECTORS[0]?.phrase ?? '';
const OTHER_PHRASE = SUI_VECTORS[1]?.phrase ?? '';
let root: string;
let server: WalrusLocal;

beforeAll(async () => {
  await bundledEmbedder();
  root = await makeTempDir('pdw-unattended-');
  // Mainnet's and testnet's committee size: the client's default, so nothing has to teach it.
  server = await startWalrusLocal({ shards: 1000, fsync: false });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

/** Set-up steps: the scheduler looks only after the test is done with them. */
const IDLE = { catchUpDelayMs: 0, pollMs: 3_600_000 };

/** The app as the web host runs it: the scheduler on, by default a missed run catching up at once. */
async function openApp(dataDir: string, timing = { catchUpDelayMs: 0, pollMs: 100 }): Promise<PdwApp> {
  const env = { WALRUS_PUBLISHER_URL: server.url, WALRUS_AGGREGATOR_URL: server.url, PDW_CACHE_DIR: TEST_CACHE_DIR };
  const app = await createApp({
    mode: 'web',
    dataDir,
    env,
    log: silentLogger,
    walrusProbeIntervalMs: 0,
    sealer: new PassphraseSealer({ cost: TEST_COST }),
    backupScheduleTiming: timing,
  });
  await app.start();
  return app;
}

async function ok<T>(app: PdwApp, name: string, input: unknown): Promise<T> {
  const result = await app.dispatch(name, input, { transport: 'test' });
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Waits until the scheduler has finished a backup attempt (its outcome is recorded in the schedule). */
async function scheduledOutcome(app: PdwApp, timeoutMs = 120_000): Promise<ScheduleStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await ok<ScheduleStatus>(app, 'backup.schedule', {});
    if (status.lastOutcome !== null) return status;
    if (Date.now() > deadline) throw new Error('The scheduled backup never ran.');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function prepare(name: string, phrase = PHRASE): Promise<{ dataDir: string; address: string }> {
  const dataDir = join(root, name);
  await ingestCorpus(dataDir, join(root, `${name}-docs`));
  const app = await openApp(dataDir, IDLE);
  try {
    const { address } = await ok<{ address: string }>(app, 'wallet.import', { secret: phrase, passphrase: PASSPHRASE });
    const status = await ok<ScheduleStatus>(app, 'backup.setSchedule', { interval: 'daily' });
    // No keychain here: a schedule alone does not keep keys on disk.
    expect(status.unattended).toEqual({ enabled: false, method: null, keychainAvailable: false });
    return { dataDir, address };
  } finally {
    await app.stop();
  }
}

describe('scheduled backups with the wallet locked', () => {
  it('after a restart, a due scheduled run backs up with the unattended keys, never unlocking the wallet', { timeout: 300_000 }, async () => {
    const { dataDir, address } = await prepare('unattended');
    let app = await openApp(dataDir, IDLE);
    try {
      // Turned on once with the passphrase, on a locked wallet; the wallet stays locked.
      expect(app.wallet.status.locked).toBe(true);
      const on = await ok<ScheduleStatus>(app, 'backup.setUnattended', { enabled: true, method: 'key-file', passphrase: PASSPHRASE });
      expect(on.unattended).toMatchObject({ enabled: true, method: 'key-file' });
      expect(app.wallet.status.locked).toBe(true);
    } finally {
      await app.stop();
    }
    const file = unattendedKeysPath(dataDir);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ address, method: 'key-file' });

    // Restart: locked, no PDW_PASSPHRASE; the catch-up run is due at once.
    app = await openApp(dataDir);
    try {
      const status = await scheduledOutcome(app);
      expect(status.lastError).toBeNull();
      expect(status.lastOutcome).toBe('complete');
      expect(app.wallet.status.locked).toBe(true);
      const { runs } = await ok<{ runs: RunEntry[] }>(app, 'backup.runs', {});
      expect(runs.find((r) => r.kind === 'backup')).toMatchObject({ outcome: 'ok', uploadedItems: 10 });
      // The snapshot decrypts with the keys the phrase derives: restore anywhere still works.
      const { snapshots } = await ok<{ snapshots: { id: string; state: string }[] }>(app, 'backup.snapshots', {});
      expect(snapshots).toHaveLength(1);
      const preview = await ok<{ documents: number }>(app, 'backup.snapshot', { id: snapshots[0]?.id });
      expect(preview.documents).toBe(5);

      // Turning the schedule off deletes the keys.
      await ok(app, 'backup.setSchedule', { interval: 'off' });
      await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await app.stop();
    }
  });

  it('a due run with no key available is logged as failed, naming the action that fixes it', { timeout: 120_000 }, async () => {
    const { dataDir } = await prepare('no-key');
    const app = await openApp(dataDir);
    try {
      const status = await scheduledOutcome(app);
      expect(status.lastOutcome).toBe('failed');
      expect(status.lastError).toMatch(/Unlock the wallet or turn on unattended backups: pdw schedule enable/);
      const { runs } = await ok<{ runs: RunEntry[] }>(app, 'backup.runs', {});
      expect(runs[0]).toMatchObject({ kind: 'backup', outcome: 'failed', message: expect.stringMatching(/pdw schedule enable/) });
    } finally {
      await app.stop();
    }
  });

  it("keys bound to another wallet's address are refused and deleted, and removing the wallet deletes them", { timeout: 120_000 }, async () => {
    const { dataDir, address } = await prepare('bound');
    const other = await prepare('other', OTHER_PHRASE);
    // This wallet's keystore is replaced by another wallet's while its unattended keys stay behind.
    let app = await openApp(dataDir, IDLE);
    await ok(app, 'backup.setUnattended', { enabled: true, method: 'key-file', passphrase: PASSPHRASE });
    await app.stop();
    await writeFile(join(dataDir, 'wallet', 'keystore.json'), await readFile(join(other.dataDir, 'wallet', 'keystore.json')));
    app = await openApp(dataDir);
    try {
      expect(app.wallet.address).toBe(other.address);
      expect(other.address).not.toBe(address);
      const status = await scheduledOutcome(app);
      expect(status.lastOutcome).toBe('failed');
      expect(status.lastError).toMatch(/turn on unattended backups/);
      expect(status.unattended.enabled).toBe(false);
      await expect(stat(unattendedKeysPath(dataDir))).rejects.toMatchObject({ code: 'ENOENT' });

      // On again for this wallet, then the wallet is removed: its keys go with it.
      await ok(app, 'backup.setUnattended', { enabled: true, method: 'key-file', passphrase: PASSPHRASE });
      await ok(app, 'wallet.remove', { confirmAddress: other.address, secret: OTHER_PHRASE });
      await expect(stat(unattendedKeysPath(dataDir))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await app.stop();
    }
  });

  it('keys sealed for one address open only for it, and hold exactly the derived backup keys', async () => {
    const dir = await makeTempDir('pdw-unattended-keys-');
    try {
      const keys = deriveBackupKeys(new Uint8Array(32).fill(7));
      const store = new UnattendedKeys({ dataDir: dir });
      const a = `0x${'a'.repeat(64)}`;
      await store.seal(a, keys, 'key-file');
      expect(await store.method(a)).toBe('key-file');
      expect(await store.open(a)).toEqual({ keys });
      await expect(store.seal(a, keys, 'os-keychain')).rejects.toMatchObject({ code: 'unsupported' });
      expect(await store.open(`0x${'b'.repeat(64)}`)).toBeNull();
      expect(await store.method(a)).toBeNull();
      await writeFile(store.path, '{"format":"pdw-unattended-keys"');
      await expect(store.open(a)).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/pdw schedule disable/) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
