// Retention rules, as restic's `forget --keep-last/--keep-daily/--keep-weekly/--keep-monthly` and Kopia's
// policies: of the complete snapshots not kept by hand, walking from the newest, `keepLast` keeps the newest N,
// and each calendar rule keeps the newest snapshot of each of its N most recent buckets (days, ISO weeks,
// months) that hold one. A snapshot any rule keeps stays; the rest are forgotten (no longer renewed: they
// expire on Walrus). Buckets are UTC calendar days, weeks and months, so every machine, whatever its time zone,
// decides the same. Pending, running and failed snapshots are never forgotten, nor pinned ones (which count
// for no rule), nor the newest complete one.
import type { RetentionPolicy } from '../../src-shared/contract/backup.ts';
import type { SnapshotState } from './backup-db.ts';

export interface RetentionCandidate {
  runId: string;
  state: SnapshotState;
  createdAt: number;
  forgottenAt: number | null;
  pinned: boolean;
}

export type RetentionReason = 'last' | 'daily' | 'weekly' | 'monthly' | 'newest' | 'pinned';

/** Today's behaviour before the calendar rules: the newest 10. */
export const DEFAULT_RETENTION: RetentionPolicy = { keepLast: 10, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 };

const DAY_MS = 86_400_000;

/** The UTC calendar day, ISO week (Monday first; week-year) and month a moment falls in. */
export function bucketsOf(at: number): Record<'daily' | 'weekly' | 'monthly', string> {
  const iso = new Date(at).toISOString();
  const day = Math.floor(at / DAY_MS) * DAY_MS;
  const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
  // The ISO week-year is that of the week's Thursday; week 1 is the one holding 4 January.
  const weekYear = new Date(monday + 3 * DAY_MS).getUTCFullYear();
  const jan4 = Date.UTC(weekYear, 0, 4);
  const firstMonday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  const week = 1 + Math.round((monday - firstMonday) / (7 * DAY_MS));
  return { daily: iso.slice(0, 10), weekly: `${weekYear}-W${String(week).padStart(2, '0')}`, monthly: iso.slice(0, 7) };
}

/**
 * Why each complete snapshot is kept (its reasons) or forgotten (none), newest first. Snapshots made in the same
 * millisecond are ordered by their place in `snapshots` (oldest first).
 */
export function retentionDecisions(snapshots: readonly RetentionCandidate[], policy: RetentionPolicy): { runId: string; createdAt: number; reasons: RetentionReason[] }[] {
  const complete = snapshots
    .map((s, order) => ({ s, order }))
    .filter(({ s }) => s.state === 'complete' && s.forgottenAt === null)
    .sort((a, b) => b.s.createdAt - a.s.createdAt || b.order - a.order)
    .map(({ s }) => s);
  const newestComplete = snapshots
    .map((s, order) => ({ s, order }))
    .filter(({ s }) => s.state === 'complete')
    .sort((a, b) => b.s.createdAt - a.s.createdAt || b.order - a.order)[0]?.s;
  let last = Math.floor(policy.keepLast);
  const left = { daily: policy.keepDaily, weekly: policy.keepWeekly, monthly: policy.keepMonthly };
  const lastBucket: Partial<Record<keyof typeof left, string>> = {};
  return complete.map((s) => {
    const reasons: RetentionReason[] = [];
    if (s.pinned) return { runId: s.runId, createdAt: s.createdAt, reasons: ['pinned'] };
    if (s === newestComplete) reasons.push('newest');
    if (last > 0) {
      reasons.push('last');
      last--;
    }
    const buckets = bucketsOf(s.createdAt);
    for (const rule of ['daily', 'weekly', 'monthly'] as const) {
      if (left[rule] > 0 && lastBucket[rule] !== buckets[rule]) {
        reasons.push(rule);
        left[rule]--;
        lastBucket[rule] = buckets[rule];
      }
    }
    return { runId: s.runId, createdAt: s.createdAt, reasons };
  });
}

/**
 * Run ids to forget now. `policy` a number is "keep the last N" alone. At least the newest complete snapshot is
 * always kept, whatever the rules say.
 */
export function snapshotsToForget(snapshots: readonly RetentionCandidate[], policy: RetentionPolicy | number): string[] {
  const rules = typeof policy === 'number' ? { ...DEFAULT_RETENTION, keepLast: policy } : policy;
  return retentionDecisions(snapshots, rules).filter((d) => d.reasons.length === 0).map((d) => d.runId);
}

/** The rules in words, for the run log: "the newest 10", "the newest 3, 7 daily, 4 weekly". */
export function describePolicy(policy: RetentionPolicy): string {
  const calendar = (['Daily', 'Weekly', 'Monthly'] as const).filter((r) => policy[`keep${r}`] > 0).map((r) => `${policy[`keep${r}`]} ${r.toLowerCase()}`);
  return [`the newest ${policy.keepLast}`, ...calendar].join(', ');
}

/** Why a snapshot cannot be forgotten by hand, or undefined when it can (`snapshots` oldest first, as above). */
export function forgetRefusal(snapshots: readonly RetentionCandidate[], runId: string): string | undefined {
  const target = snapshots.find((s) => s.runId === runId);
  if (!target) return 'it is not in this history';
  if (target.state !== 'complete') return `it is ${target.state}, not complete`;
  if (target.forgottenAt !== null) return 'it is already forgotten';
  const newest = snapshots.filter((s) => s.state === 'complete').reduce((a, b) => (b.createdAt >= a.createdAt ? b : a));
  if (newest.runId === runId) return 'it is the newest complete snapshot';
  return undefined;
}
