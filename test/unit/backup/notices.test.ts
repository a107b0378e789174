// When backups notify: a failed scheduled run once per failure streak (not per retry), an outbox that has
// waited more than a day, kept snapshots inside the expiry warning window; and the notifier that tells each
// occurrence once, across restarts, and again when it recurs.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupNotice } from '../../../src-shared/contract/backup.ts';
import { backupNoticeSchema } from '../../../src-shared/contract/backup.ts';
import { backupNotices, type NoticeInputs } from '../../../src-main/backup/notices.ts';
import { BackupNotifier } from '../../../src-main/backup/notifier.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-05T10:00:00Z');
const iso = (t: number) => new Date(t).toISOString();

type Snap = NoticeInputs['snapshots'][number];
const snap = (over: Partial<Snap>): Snap => ({
  id: 'snap-a',
  runId: 'run-a',
  createdAt: iso(NOW - DAY),
  state: 'complete',
  expiresAt: iso(NOW + 30 * DAY),
  endEpoch: 40,
  forgottenAt: null,
  expired: false,
  expiringSoon: false,
  ...over,
});
const calm: NoticeInputs = { now: NOW, schedule: { failures: 0, failingSince: null, lastError: null, lastErrorCode: null }, runs: [], snapshots: [snap({})] };
const kinds = (input: NoticeInputs) => backupNotices(input).map((n) => n.kind);

describe('backup notice triggers', () => {
  it('say nothing when all is well', () => {
    expect(backupNotices(calm)).toEqual([]);
    expect(backupNotices({ ...calm, schedule: null, snapshots: [] })).toEqual([]);
  });

  it('a failing schedule is one notice per streak, whatever the retries, with Retry', () => {
    const failing = (failures: number) => ({ ...calm, schedule: { failures, failingSince: NOW - 3_600_000, lastError: 'Walrus publisher: 503', lastErrorCode: 'remote_error' } });
    const first = backupNotices(failing(1));
    const fourth = backupNotices(failing(4));
    expect(first).toHaveLength(1);
    expect(first[0]!.id).toBe(fourth[0]!.id); // retries do not make a new notice
    expect(fourth[0]).toMatchObject({ kind: 'backup-failed', title: 'Scheduled backup failed', actions: [{ action: 'retry-backup', label: 'Retry' }] });
    expect(fourth[0]!.body).toContain('Walrus publisher: 503');
    expect(fourth[0]!.body).toContain('4 attempts');
    const nextStreak = backupNotices({ ...calm, schedule: { ...failing(1).schedule, failingSince: NOW } });
    expect(nextStreak[0]!.id).not.toBe(first[0]!.id);
    for (const n of fourth) expect(backupNoticeSchema.parse(n)).toEqual(n);
  });

  it('a locked wallet asks to unlock', () => {
    const [notice] = backupNotices({ ...calm, schedule: { failures: 2, failingSince: NOW - 60_000, lastError: 'Unlock the wallet first.', lastErrorCode: 'locked' } });
    expect(notice).toMatchObject({ title: 'Scheduled backup needs the wallet unlocked', actions: [{ action: 'unlock' }] });
  });

  it('the run log names the cause when the schedule kept none', () => {
    const [notice] = backupNotices({
      ...calm,
      schedule: { failures: 1, failingSince: NOW, lastError: null, lastErrorCode: null },
      runs: [{ kind: 'verify', outcome: 'ok', message: null }, { kind: 'backup', outcome: 'failed', message: 'disk full' }],
    });
    expect(notice!.body).toContain('disk full');
  });

  it('the outbox is told about after one day, not before, keyed on the oldest waiting snapshot', () => {
    const pending = (createdAt: number, runId: string) => snap({ id: runId, runId, state: 'pending', createdAt: iso(createdAt), expiresAt: null, endEpoch: null });
    expect(kinds({ ...calm, snapshots: [pending(NOW - DAY + 60_000, 'run-new')] })).toEqual([]);
    const [notice] = backupNotices({ ...calm, snapshots: [pending(NOW - DAY - 60_000, 'run-b'), pending(NOW - 3 * DAY, 'run-a')] });
    expect(notice).toMatchObject({ kind: 'outbox-waiting', id: 'outbox-waiting:run-a' });
    expect(notice!.body).toMatch(/^2 snapshot\(s\) have waited on this device for 3 day\(s\)/);
    expect(notice!.actions.map((a) => a.action)).toEqual(['upload-outbox', 'open-settings']);
  });

  it('kept snapshots the history marks as expiring soon ask to renew; others (renewal not overdue) do not', () => {
    const soon = snap({ id: 'snap-b', expiresAt: iso(NOW + 5 * DAY), endEpoch: 12, expiringSoon: true });
    expect(kinds({ ...calm, snapshots: [snap({}), soon] })).toEqual(['expiring-soon']);
    expect(kinds({ ...calm, snapshots: [snap({}), { ...soon, expiringSoon: false }] })).toEqual([]);
    const [notice] = backupNotices({ ...calm, snapshots: [soon] });
    expect(notice).toMatchObject({ id: 'expiring-soon:snap-b', actions: [{ action: 'renew', label: 'Renew now' }] });
    expect(notice!.body).toContain('in about 5 day(s) (epoch 12)');
    // Forgotten, expired or not yet complete snapshots are not the user's to renew.
    const ignored = [snap({ forgottenAt: iso(NOW), expiresAt: iso(NOW + DAY), expiringSoon: true }), snap({ expired: true, expiresAt: iso(NOW - DAY), expiringSoon: true }), snap({ state: 'failed', expiresAt: iso(NOW + DAY), expiringSoon: true })];
    expect(kinds({ ...calm, snapshots: ignored })).toEqual([]);
  });
});

describe('BackupNotifier', () => {
  const notice = (id: string): BackupNotice => ({ id, kind: 'backup-failed', title: 't', body: 'b', actions: [{ action: 'retry-backup', label: 'Retry' }] });

  it('tells each occurrence once, across restarts, and again when it recurs', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'notified.json');
      let holding = [notice('backup-failed:1')];
      const told: string[] = [];
      const make = () => new BackupNotifier({ file, evaluate: async () => holding, emit: (n) => told.push(n.id) });
      const notifier = make();
      await notifier.check();
      await notifier.check();
      expect(told).toEqual(['backup-failed:1']);
      await make().check(); // the app restarted
      expect(told).toEqual(['backup-failed:1']);
      holding = [];
      await notifier.check();
      holding = [notice('backup-failed:1')]; // the same occurrence after it stopped holding: told again
      await notifier.check();
      expect(told).toEqual(['backup-failed:1', 'backup-failed:1']);
    }));

  it('survives a damaged file and a failing evaluation', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'notified.json');
      await writeFile(file, '{not json');
      let fail = true;
      const told: string[] = [];
      const notifier = new BackupNotifier({
        file,
        evaluate: async () => {
          if (fail) throw new Error('engine not ready');
          return [notice('x')];
        },
        emit: (n) => told.push(n.id),
      });
      await notifier.check();
      fail = false;
      await notifier.check();
      expect(told).toEqual(['x']);
    }));
});
