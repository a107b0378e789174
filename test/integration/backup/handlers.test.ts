// The backup requests as the app serves them: jobs with progress and one job.finished event, typed outcomes
// from job.result that match the contract, scheduled runs started as on-demand ones, history with expiry estimates, preview, verify and restore.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupRequests } from '../../../src-shared/contract/backup.ts';
import { requests, type AnyEvent } from '../../../src-shared/contract/index.ts';
import { createBackupJobs, type BackupJobs } from '../../../src-main/backup/backup-jobs.ts';
import { discoverSnapshots } from '../../../src-main/backup/discover.ts';
import { createBackupHandlers, type BackupHandlers } from '../../../src-main/backup/handlers.ts';
import { EventBus } from '../../../src-main/kernel/events.ts';
import { JobRunner } from '../../../src-main/kernel/jobs/runner.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import type { BackupEngine } from '../../../src-main/backup/engine.ts';
import { BackupScheduler } from '../../../src-main/backup/scheduler.ts';
import { ADDRESS, engine as openEngine, ingestCorpus, library, SHARDS, testKeys, walrusClient } from './backup-fixtures.ts';

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;
let engine: BackupEngine;
let handlers: BackupHandlers;
let scheduler: BackupScheduler;
let jobs: JobRunner;
let backupJobs: BackupJobs;
const seen: AnyEvent[] = [];
const changes: string[] = [];
let released = 0;
const ctx = { transport: 'cli' as const };
const keys = testKeys();

beforeAll(async () => {
  root = await makeTempDir();
  server = await startWalrusLocal({ shards: SHARDS, fsync: false });
  walrus = walrusClient(server);
  await ingestCorpus(join(root, 'data'), join(root, 'docs'));
  engine = openEngine(join(root, 'data'), walrus, keys);
  const events = new EventBus(silentLogger);
  events.subscribe((e) => seen.push(e));
  jobs = new JobRunner(events);
  backupJobs = createBackupJobs({
    engine: async () => engine,
    jobs,
    dataDir: join(root, 'data'),
    releaseLibrary: async () => void released++,
    onChanged: (reason) => changes.push(reason),
  });
  handlers = createBackupHandlers({
    engine: async () => engine,
    jobs: backupJobs,
    onChanged: (reason) => changes.push(reason),
    scheduler: async () => scheduler,
  });
  // As the app wires it: a scheduled run starts the same backup job as `backup.run`.
  scheduler = new BackupScheduler({
    file: join(root, 'data', 'backup', 'schedule.json'),
    now: () => Date.now(),
    hasChanges: async () => engine.hasChanges(),
    backup: async () => (await (await backupJobs.backup({ maintain: false })).done).backup,
  });
  await scheduler.load();
});
afterAll(async () => {
  engine.close();
  await walrus.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

async function finished(jobId: string) {
  for (let i = 0; i < 600 && !seen.some((e) => e.name === 'job.finished' && e.payload.jobId === jobId); i++) await new Promise((r) => setTimeout(r, 20));
  return requests['job.result'].output.parse(jobs.result(jobId));
}

describe('backup handlers', () => {
  let snapshotId = '';

  it('runs a backup as a job and records its result', async () => {
    const { jobId } = await handlers['backup.run']({}, ctx);
    const result = await finished(jobId);
    expect(result).toMatchObject({ jobId, kind: 'backup', state: 'succeeded', outcome: { backup: { state: 'complete', uploadedItems: 10 } } });
    expect(seen.some((e) => e.name === 'job.progress' && e.payload.jobId === jobId && e.payload.unit === 'items')).toBe(true);
    // Once every item is counted (sealed), the steps that finish the run say what they do: the upload, the index, upkeep.
    const phases = seen.flatMap((e) => (e.name === 'job.progress' && e.payload.jobId === jobId && e.payload.phase ? [[e.payload.phase, e.payload.done, e.payload.total]] : []));
    expect(phases).toEqual([
      ['uploadingItems', 10, 10],
      ['uploadingIndex', 10, 10],
      ['maintaining', 10, 10],
    ]);
    expect(changes).toContain('run');
    snapshotId = result.kind === 'backup' ? (result.outcome?.backup.snapshotId ?? '') : '';
  });

  it('answers a backup with nothing changed with the snapshot that holds the library, and still renews', async () => {
    const result = await finished((await handlers['backup.run']({}, ctx)).jobId);
    expect(result).toMatchObject({ state: 'succeeded', outcome: { backup: { unchanged: true, snapshotId, uploadedItems: 0, cost: 0 }, renew: { failures: [] }, expiring: [] } });
  });

  it('lists history with expiry, previews a snapshot and reports an empty outbox', async () => {
    const { snapshots } = backupRequests['backup.snapshots'].output.parse(await handlers['backup.snapshots']({}, ctx));
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]).toMatchObject({ id: snapshotId, state: 'complete', documents: 5, items: 10, parent: null, atRisk: false });
    expect(snapshots[0]?.endEpoch).toBe(server.clock.currentEpoch() + 3);
    expect(Date.parse(snapshots[0]?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    const preview = backupRequests['backup.snapshot'].output.parse(await handlers['backup.snapshot']({ id: snapshotId }, ctx));
    expect(preview).toMatchObject({ id: snapshotId, documents: 5, items: 10 });
    expect(await handlers['backup.outbox']({}, ctx)).toEqual({ snapshots: 0, items: 0, bytes: 0 });
  });

  it('finds the snapshot from the wallet, and says so when a blob that may be one cannot be read', async () => {
    const discover = async () => ({ address: ADDRESS, ...(await discoverSnapshots({ walrus, keys: await keys.backupKeys() }, server.objects.listByOwner(ADDRESS))) });
    const finding = createBackupHandlers({ engine: async () => engine, jobs: backupJobs, discover });
    const output = backupRequests['backup.discover'].output;
    expect(output.parse(await finding['backup.discover']({}, ctx))).toEqual({ address: ADDRESS, snapshots: [expect.objectContaining({ snapshotId })], unreadable: [], warning: null });
    await server.faults.set([{ route: 'readBlob', kind: 'error', status: 503 }]);
    try {
      expect(output.parse(await finding['backup.discover']({}, ctx))).toEqual({
        address: ADDRESS,
        snapshots: [],
        unreadable: [{ blobId: snapshotId, size: expect.any(Number), message: expect.stringMatching(/503/) }],
        warning: expect.stringMatching(/^1 blob of your wallet that may be a snapshot could not be read from Walrus .* check the connection and search again\.$/),
      });
    } finally {
      await server.faults.clear();
    }
  });

  it('sets the schedule, and a scheduled run skips an unchanged library', async () => {
    expect(backupRequests['backup.setSchedule'].input.safeParse({ interval: 'custom' }).success).toBe(false);
    const status = backupRequests['backup.schedule'].output.parse(await handlers['backup.setSchedule']({ interval: 'custom', minutes: 90 }, ctx));
    expect(status).toMatchObject({ interval: 'custom', intervalMinutes: 90, failures: 0 });
    expect(await handlers['backup.setSchedule']({ interval: 'daily' }, ctx)).toMatchObject({ interval: 'daily', intervalMinutes: 1440 });
    expect(backupRequests['backup.setSchedule'].input.safeParse({ interval: 'custom', minutes: 10 }).success).toBe(false);
    expect(backupRequests['backup.setSchedule'].input.safeParse({ interval: 'daily', timeOfDay: '25:00' }).success).toBe(false);
    await expect(handlers['backup.setSchedule']({ interval: 'hourly', timeOfDay: '03:00' }, ctx)).rejects.toMatchObject({ code: 'invalid_input' });
    const atThree = await handlers['backup.setSchedule']({ interval: 'daily', timeOfDay: '03:00' }, ctx);
    expect(atThree).toMatchObject({ interval: 'daily', timeOfDay: '03:00', paused: false });
    expect(new Date(atThree.nextRunAt!).getHours()).toBe(3);
    expect(await handlers['backup.pauseSchedule']({ paused: true }, ctx)).toMatchObject({ paused: true, timeOfDay: '03:00' });
    expect(await handlers['backup.pauseSchedule']({ paused: false }, ctx)).toMatchObject({ paused: false });
    await handlers['backup.setSchedule']({ interval: 'daily' }, ctx);
    expect(engine.hasChanges()).toBe(false); // the job above backed up this very generation
    expect(await scheduler.tick()).toBe('skipped');
    expect(await handlers['backup.schedule']({}, ctx)).toMatchObject({ lastOutcome: 'skipped' });
    const none = createBackupHandlers({ engine: async () => engine, jobs: backupJobs });
    await expect(none['backup.schedule']({}, ctx)).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('starts a scheduled run as the same backup job, with its outcome kept for job.result', async () => {
    await ingestCorpus(join(root, 'data'), join(root, 'more-docs'), { 'kite.txt': 'Flying a kite\n\nPick a windy day and an open field; let the line out slowly as the kite climbs.\n' });
    expect(engine.hasChanges()).toBe(true);
    await scheduler.setInterval(86_400_000); // never run before: due at once
    expect(await scheduler.tick()).toBe('ran');
    const last = seen.findLast((e) => e.name === 'job.finished' && e.payload.kind === 'backup');
    const jobId = last?.name === 'job.finished' ? last.payload.jobId : '';
    const result = requests['job.result'].output.parse(jobs.result(jobId));
    expect(result).toMatchObject({ kind: 'backup', state: 'succeeded', outcome: { backup: { state: 'complete', unchanged: false }, expiring: [] } });
    // The schedule runs maintenance itself: the backup job does not renew.
    expect(result.kind === 'backup' && result.outcome?.renew).toBeUndefined();
    expect(await handlers['backup.schedule']({}, ctx)).toMatchObject({ lastOutcome: 'complete' });
  });

  it('verifies and restores through jobs, replacing the library only when confirmed', async () => {
    const verify = await finished((await handlers['backup.verify']({ id: snapshotId, all: true }, ctx)).jobId);
    expect(verify).toMatchObject({ kind: 'verify', outcome: { total: 10, checked: 10, failures: [] } });

    expect(backupRequests['backup.restore'].input.safeParse({ snapshotId, target: 'replace', confirm: false }).success).toBe(false);
    const refused = await finished((await handlers['backup.restore']({ snapshotId, target: 'new', confirm: false }, ctx)).jobId);
    expect(refused).toMatchObject({ state: 'failed', message: expect.stringMatching(/already has documents/) });

    const restored = await finished((await handlers['backup.restore']({ snapshotId, target: 'replace', confirm: true }, ctx)).jobId);
    expect(restored).toMatchObject({ kind: 'restore', state: 'succeeded', outcome: { documents: 5 } });
    expect(released).toBe(1);
    const lib = await library(join(root, 'data'));
    try {
      expect(lib.stats()).toMatchObject({ documents: 5, vectors: lib.stats().chunks });
    } finally {
      await lib.close();
    }
  });
});
