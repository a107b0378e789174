// Scheduled runs and their notices on a real engine, SQLite and the local Walrus at 1000 shards (testnet's and
// mainnet's count): a schedule that fails on a locked wallet is told once with Unlock, however often it
// retries; once the wallet opens, the next run stores a snapshot, the failure notice goes, and the fresh snapshot
// (3 one-day epochs, with renewal due at 4 epochs left: overdue at once) is inside the 7-day expiry window with its
// renewal overdue, told once with Renew now.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupNotice } from '../../../src-shared/contract/backup.ts';
import { AppError } from '../../../src-shared/contract/define.ts';
import { currentNotices } from '../../../src-main/backup/current-notices.ts';
import type { BackupEngine } from '../../../src-main/backup/engine.ts';
import { BackupNotifier } from '../../../src-main/backup/notifier.ts';
import { BackupScheduler } from '../../../src-main/backup/scheduler.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { engine as openEngine, ingestCorpus, testKeys } from './backup-fixtures.ts';

const REAL_SHARDS = 1000;
const DAY = 86_400_000;
let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;
let engine: BackupEngine;
let locked = true;

beforeAll(async () => {
  root = await makeTempDir();
  server = await startWalrusLocal({ shards: REAL_SHARDS, fsync: false });
  walrus = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: REAL_SHARDS, timeoutMs: 60_000 });
  await ingestCorpus(join(root, 'data'), join(root, 'docs'), { 'harbour.md': '# Harbour\n\nThe lighthouse keeper logs every ship that enters at dawn.\n' });
  const keys = testKeys();
  engine = openEngine(
    join(root, 'data'),
    walrus,
    {
      address: keys.address,
      backupKeys: async () => {
        if (locked) throw new AppError('locked', 'The wallet is locked.');
        return keys.backupKeys();
      },
    },
    { renewWithinEpochs: 4 },
  );
});
afterAll(async () => {
  engine.close();
  await walrus.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('scheduled runs and their notices', () => {
  it('tell a locked-wallet streak once, then the snapshot near expiry once', async () => {
    let now = Date.now();
    const scheduler = new BackupScheduler({
      file: join(root, 'data', 'backup', 'schedule.json'),
      now: () => now,
      hasChanges: async () => engine.hasChanges(),
      backup: () => engine.backup(),
    });
    await scheduler.load();
    const told: BackupNotice[] = [];
    const notifier = new BackupNotifier({ file: join(root, 'data', 'backup', 'notified.json'), evaluate: async () => currentNotices(engine, scheduler.state), emit: (n) => told.push(n) });

    await scheduler.setSchedule(DAY, null); // never backed up: due at once
    expect(await scheduler.tick()).toBe('failed');
    await notifier.check();
    expect(told.map((n) => [n.kind, n.actions.map((a) => a.action)])).toEqual([['backup-failed', ['unlock']]]);
    expect(told[0]!.body).toContain('Unlock the wallet or turn on unattended backups');
    for (let retry = 0; retry < 3; retry++) {
      now += scheduler.state.nextRunAt! - now;
      expect(await scheduler.tick()).toBe('failed');
      await notifier.check();
    }
    expect(scheduler.state.failures).toBe(4);
    expect(told).toHaveLength(1); // one streak, one notification

    locked = false;
    now = scheduler.state.nextRunAt!;
    expect(await scheduler.tick()).toBe('ran');
    expect(scheduler.state).toMatchObject({ failures: 0, failingSince: null, lastOutcome: 'complete' });
    await notifier.check();
    const holding = currentNotices(engine, scheduler.state);
    expect(holding.map((n) => n.kind)).toEqual(['expiring-soon']); // the failure is over; 3 epochs left, renewal due at 4
    expect(told.map((n) => n.kind)).toEqual(['backup-failed', 'expiring-soon']);
    expect(told[1]!.actions).toEqual([{ action: 'renew', label: 'Renew now' }]);
    expect(engine.runs.list(0, 1).runs[0]).toMatchObject({ kind: 'backup', outcome: 'ok' });
    await notifier.check();
    expect(told).toHaveLength(2);
  }, 120_000);
});
