// When to tell the user about backups, decided from the schedule's failure streak, the run log, the outbox
// and the snapshots' expiry; pure, so every rule is tested against plain data. Each notice has an id that
// stays the same for one occurrence (the streak's start, the oldest waiting snapshot, the first to expire),
// so a host notifies once per occurrence and not at every retry or re-evaluation.
import type { BackupNotice, RunEntry, SnapshotSummary } from '../../src-shared/contract/backup.ts';

const DAY_MS = 86_400_000;
/** How long the outbox may hold a snapshot before the user is told. */
export const OUTBOX_WAIT_MS = DAY_MS;
export const DEFAULT_WARN_DAYS = 7;

export interface NoticeInputs {
  now: number;
  /** The scheduler's failure streak; null where nothing schedules. */
  schedule: { failures: number; failingSince: number | null; lastError: string | null; lastErrorCode: string | null } | null;
  /** The run log, newest first (its newest backup failure names the cause when the schedule has none). */
  runs: readonly Pick<RunEntry, 'kind' | 'outcome' | 'message'>[];
  /** `expiringSoon` is the history's verdict (expiry-warning.ts): inside the warning window with renewal overdue. */
  snapshots: readonly Pick<SnapshotSummary, 'id' | 'runId' | 'createdAt' | 'state' | 'expiresAt' | 'endEpoch' | 'forgottenAt' | 'expired' | 'expiringSoon'>[];
  /** Days before a kept snapshot's expiry that the warning starts (the setting `expiryWarningDays`), for the text. */
  warnDays?: number;
}

export function backupNotices(input: NoticeInputs): BackupNotice[] {
  return [failedRun(input), outboxWaiting(input), expiringSoon(input)].filter((n): n is BackupNotice => n !== null);
}

/** Scheduled runs failing: one notice per streak (its id is when the streak began), whatever the retries. */
function failedRun({ schedule, runs }: NoticeInputs): BackupNotice | null {
  if (!schedule || schedule.failures === 0 || schedule.failingSince === null) return null;
  const cause = schedule.lastError ?? runs.find((r) => r.kind === 'backup' && r.outcome === 'failed')?.message ?? 'unknown error';
  const locked = schedule.lastErrorCode === 'locked';
  const retries = schedule.failures > 1 ? ` (${schedule.failures} attempts so far; retrying automatically)` : ' (retrying automatically)';
  return {
    id: `backup-failed:${schedule.failingSince}`,
    kind: 'backup-failed',
    title: locked ? 'Scheduled backup needs the wallet unlocked' : 'Scheduled backup failed',
    body: `${cause}${retries}.`,
    actions: locked ? [{ action: 'unlock', label: 'Unlock' }] : [{ action: 'retry-backup', label: 'Retry' }],
  };
}

/** Snapshots kept on this device for more than a day because Walrus did not take them. */
function outboxWaiting({ now, snapshots }: NoticeInputs): BackupNotice | null {
  const waiting = snapshots.filter((s) => s.state === 'pending' && now - Date.parse(s.createdAt) > OUTBOX_WAIT_MS);
  if (!waiting.length) return null;
  const oldest = waiting.reduce((a, b) => (Date.parse(a.createdAt) <= Date.parse(b.createdAt) ? a : b));
  const days = Math.floor((now - Date.parse(oldest.createdAt)) / DAY_MS);
  return {
    id: `outbox-waiting:${oldest.runId}`,
    kind: 'outbox-waiting',
    title: 'Backups are waiting to upload',
    body: `${waiting.length} snapshot(s) have waited on this device for ${days} day(s): Walrus did not accept them. They are safe here but not yet off this machine.`,
    actions: [
      { action: 'upload-outbox', label: 'Retry' },
      { action: 'open-settings', label: 'Open settings' },
    ],
  };
}

/**
 * Kept snapshots the history marks as expiring soon (inside the warning window with their renewal overdue: on
 * testnet's one-day epochs a healthy snapshot is always within a week of its end, and must not warn), keyed on
 * the first to expire, so one occurrence notifies once.
 */
function expiringSoon({ now, snapshots, warnDays = DEFAULT_WARN_DAYS }: NoticeInputs): BackupNotice | null {
  const soon = snapshots.filter((s) => s.expiringSoon && s.state === 'complete' && s.forgottenAt === null && !s.expired && s.expiresAt !== null);
  if (!soon.length) return null;
  const first = soon.reduce((a, b) => (Date.parse(a.expiresAt!) <= Date.parse(b.expiresAt!) ? a : b));
  const inDays = Math.max(0, (Date.parse(first.expiresAt!) - now) / DAY_MS);
  const when = inDays < 1 ? 'within a day' : `in about ${Math.round(inDays)} day(s)`;
  return {
    id: `expiring-soon:${first.id}`,
    kind: 'expiring-soon',
    title: 'Backups expire soon',
    body: `${soon.length} kept snapshot(s) expire on Walrus within ${warnDays} day(s), the first ${when} (epoch ${first.endEpoch}). Renew them to keep them restorable.`,
    actions: [{ action: 'renew', label: 'Renew now' }],
  };
}

/** The notices not told before, and the ids to remember (only those still holding, so a recurrence is told again). */
export function newNotices(current: readonly BackupNotice[], told: ReadonlySet<string>): { fresh: BackupNotice[]; remember: Set<string> } {
  return { fresh: current.filter((n) => !told.has(n.id)), remember: new Set(current.map((n) => n.id)) };
}
