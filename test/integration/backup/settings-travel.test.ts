// Settings travel with the snapshot: the schedule's interval and the retention rules are sealed in the
// manifest, and a restore into a new data folder (through the backup.restore request) adopts them: the
// schedule file gets the interval, the settings the rules. A snapshot made before manifests carried them
// still restores, and the folder keeps its own settings.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RetentionPolicy } from '../../../src-shared/contract/backup.ts';
import { createBackupJobs } from '../../../src-main/backup/backup-jobs.ts';
import type { BackupEngine } from '../../../src-main/backup/engine.ts';
import { fetchManifest } from '../../../src-main/backup/fetch.ts';
import { BackupScheduler } from '../../../src-main/backup/scheduler.ts';
import { adoptSnapshotSettings } from '../../../src-main/backup/snapshot-settings.ts';
import { EventBus } from '../../../src-main/kernel/events.ts';
import { JobRunner } from '../../../src-main/kernel/jobs/runner.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import { engine, ingestCorpus, testKeys, useBackupWorld } from './backup-fixtures.ts';

let root: string;
let walrus: WalrusClient;
const world = useBackupWorld();
beforeAll(() => void ({ root, walrus } = world));

const RULES: RetentionPolicy = { keepLast: 3, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 };
const SIX_HOURS = 6 * 3_600_000;

/** A new machine's backup jobs, as the app wires them: a real scheduler file, and settings that can change. */
async function newMachine(dataDir: string, keys: ReturnType<typeof testKeys>) {
  const backups = engine(dataDir, walrus, keys);
  const scheduler = new BackupScheduler({ file: join(dataDir, 'backup', 'schedule.json'), now: Date.now, hasChanges: async () => false, backup: async () => ({ state: 'complete' }) });
  await scheduler.load();
  const settings: { retention: RetentionPolicy | null } = { retention: null };
  const jobs = createBackupJobs({
    engine: async () => backups,
    jobs: new JobRunner(new EventBus(silentLogger)),
    dataDir,
    releaseLibrary: async () => {},
    adoptSettings: (carried) => adoptSnapshotSettings(carried, {
      setScheduleInterval: (ms) => scheduler.setInterval(ms),
      setRetention: async (policy) => void (settings.retention = policy),
      runsSchedule: true,
      walletLocked: () => true,
    }),
  });
  const restore = async (snapshotId: string) => (await jobs.restore(snapshotId, 'new')).done;
  return { backups, scheduler, settings, restore };
}

async function backUp(dataDir: string, keys: ReturnType<typeof testKeys>, extra: Parameters<typeof engine>[3] = {}): Promise<{ snapshotId: string; backups: BackupEngine }> {
  await ingestCorpus(dataDir, join(root, `${dataDir.split('/').at(-1)}-docs`));
  const backups = engine(dataDir, walrus, keys, extra);
  const { snapshotId } = await backups.backup();
  return { snapshotId, backups };
}

describe('schedule and retention settings travel with the snapshot', () => {
  it('a restore into a new data folder adopts the interval and the rules, and says the locked wallet holds the schedule', { timeout: 120_000 }, async () => {
    const keys = testKeys();
    const made = await backUp(join(root, 'old'), keys, { snapshotSettings: () => ({ scheduleIntervalMs: SIX_HOURS, retention: RULES }) });
    // Sealed in the manifest, as the new machine reads it.
    const manifest = await fetchManifest(walrus, await keys.backupKeys(), made.snapshotId);
    expect(manifest.settings).toEqual({ scheduleIntervalMs: SIX_HOURS, retention: RULES });
    made.backups.close();

    const machine = await newMachine(join(root, 'new'), keys);
    try {
      const result = await machine.restore(made.snapshotId);
      expect(result.adopted).toEqual({
        scheduleIntervalMs: SIX_HOURS,
        retention: RULES,
        message: expect.stringMatching(/retention keeps the newest 3, 7 daily, 4 weekly, 12 monthly; a backup every 6 hours\. Scheduled backups wait until the wallet is unlocked/),
      });
      expect(machine.settings.retention).toEqual(RULES);
      const reloaded = new BackupScheduler({ file: join(root, 'new', 'backup', 'schedule.json'), now: Date.now, hasChanges: async () => false, backup: async () => ({ state: 'complete' }) });
      await reloaded.load();
      expect(reloaded.state.intervalMs).toBe(SIX_HOURS);
      // And the snapshot is this machine's history now.
      expect(machine.backups.db.snapshots().map((s) => s.manifestBlobId)).toEqual([made.snapshotId]);
    } finally {
      machine.backups.close();
    }
  });

  it('a snapshot whose manifest carries no settings still restores, and the folder keeps its own', { timeout: 120_000 }, async () => {
    const keys = testKeys();
    const made = await backUp(join(root, 'older'), keys);
    expect((await fetchManifest(walrus, await keys.backupKeys(), made.snapshotId)).settings).toBeUndefined();
    made.backups.close();
    const machine = await newMachine(join(root, 'newer'), keys);
    try {
      const result = await machine.restore(made.snapshotId);
      expect(result).toMatchObject({ documents: 5, adopted: { scheduleIntervalMs: null, retention: null } });
      expect(machine.settings.retention).toBeNull();
      expect(machine.scheduler.state.intervalMs).toBe(0);
    } finally {
      machine.backups.close();
    }
  });
});
