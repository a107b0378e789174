// Retention by calendar rules (restic's forget --keep-daily/--keep-weekly/--keep-monthly) on hand-made dates.
// Buckets are UTC: days, ISO weeks (Monday first, week-year of the Thursday) and months; the ISO weeks below
// were checked against GNU date (`date -u -d DAY +%G-W%V`).
import { describe, expect, it } from 'vitest';
import { bucketsOf, describePolicy, retentionDecisions, snapshotsToForget, type RetentionCandidate } from '../../../src-main/backup/retention.ts';
import { retentionPolicySchema, type RetentionPolicy } from '../../../src-shared/contract/backup.ts';

const at = (iso: string) => Date.parse(iso);
const snap = (runId: string, iso: string, extra: Partial<RetentionCandidate> = {}): RetentionCandidate => ({
  runId, createdAt: at(iso), state: 'complete', forgottenAt: null, pinned: false, ...extra,
});
const policy = (p: Partial<RetentionPolicy>): RetentionPolicy => ({ keepLast: 1, keepDaily: 0, keepWeekly: 0, keepMonthly: 0, ...p });
const kept = (snapshots: RetentionCandidate[], p: Partial<RetentionPolicy>) => {
  const forgotten = new Set(snapshotsToForget(snapshots, policy(p)));
  return snapshots.map((s) => s.runId).filter((id) => !forgotten.has(id));
};

describe('bucketsOf (UTC)', () => {
  it('puts a moment in its UTC day, ISO week and month, whatever offset it was written with', () => {
    // 23:30 at UTC−2 on 31 March is 01:30 UTC on 1 April: April's bucket.
    expect(bucketsOf(at('2026-03-31T23:30:00-02:00'))).toEqual({ daily: '2026-04-01', weekly: '2026-W14', monthly: '2026-04' });
    // 00:30 at UTC+2 on 1 April is still 31 March in UTC.
    expect(bucketsOf(at('2026-04-01T00:30:00+02:00'))).toEqual({ daily: '2026-03-31', weekly: '2026-W14', monthly: '2026-03' });
  });

  it('numbers ISO weeks across year ends as GNU date does', () => {
    const weeks = ['2026-12-31', '2027-01-01', '2027-01-03', '2027-01-04', '2024-12-30', '2025-12-29', '2021-01-03', '2020-12-31']
      .map((d) => bucketsOf(at(`${d}T12:00:00Z`)).weekly);
    expect(weeks).toEqual(['2026-W53', '2026-W53', '2026-W53', '2027-W01', '2025-W01', '2026-W01', '2020-W53', '2020-W53']);
  });
});

describe('retention rules', () => {
  // Two snapshots a day, 28 Dec 2026 to 6 Jan 2027 (morning and evening, UTC).
  const history: RetentionCandidate[] = [];
  for (let day = 0; day < 10; day++) {
    const date = new Date(Date.UTC(2026, 11, 28 + day)).toISOString().slice(0, 10);
    history.push(snap(`${date} am`, `${date}T08:00:00Z`), snap(`${date} pm`, `${date}T20:00:00Z`));
  }

  it('daily: the newest snapshot of each of the last N days that have one', () => {
    expect(kept(history, { keepDaily: 3 })).toEqual(['2027-01-04 pm', '2027-01-05 pm', '2027-01-06 pm']);
  });

  it('weekly: the newest of each ISO week; the week of 1 January 2027 is 2026-W53', () => {
    // 28 Dec–3 Jan is 2026-W53, 4–6 Jan is 2027-W01.
    expect(kept(history, { keepWeekly: 5 })).toEqual(['2027-01-03 pm', '2027-01-06 pm']);
  });

  it('monthly: the newest of each month, across the year boundary', () => {
    expect(kept(history, { keepMonthly: 2 })).toEqual(['2026-12-31 pm', '2027-01-06 pm']);
    expect(kept(history, { keepMonthly: 1 })).toEqual(['2027-01-06 pm']);
  });

  it('rules add up: a snapshot any rule keeps stays, and keep-last counts every snapshot', () => {
    expect(kept(history, { keepLast: 3, keepDaily: 2, keepMonthly: 2 })).toEqual(['2026-12-31 pm', '2027-01-05 pm', '2027-01-06 am', '2027-01-06 pm']);
    const reasons = retentionDecisions(history, policy({ keepLast: 2, keepDaily: 1, keepMonthly: 2 })).filter((d) => d.reasons.length);
    expect(reasons.map((d) => [d.runId, d.reasons])).toEqual([
      ['2027-01-06 pm', ['newest', 'last', 'daily', 'monthly']],
      ['2027-01-06 am', ['last']],
      ['2026-12-31 pm', ['monthly']],
    ]);
  });

  it('the default (keep the last 10) keeps what it kept before the calendar rules', () => {
    const forgotten = snapshotsToForget(history, policy({ keepLast: 10 }));
    expect(forgotten).toEqual(snapshotsToForget(history, 10));
    expect(forgotten).toHaveLength(10);
  });

  it('pinned snapshots are always kept and fill no rule; the newest complete is always kept', () => {
    const pinned = history.map((s) => (s.runId === '2027-01-06 pm' ? { ...s, pinned: true } : s));
    // The pinned newest does not use up the day: the day's other snapshot is its daily keep.
    expect(kept(pinned, { keepLast: 1, keepDaily: 1 })).toEqual(['2027-01-06 am', '2027-01-06 pm']);
    const failedNewest = [...history, snap('failed', '2027-01-07T08:00:00Z', { state: 'failed' })];
    expect(kept(failedNewest, { keepLast: 1 })).toEqual(['2027-01-06 pm', 'failed']);
  });

  it('already forgotten snapshots are not forgotten again and fill no bucket', () => {
    const forgotten = history.map((s) => (s.runId === '2027-01-05 pm' ? { ...s, forgottenAt: 1 } : s));
    expect(snapshotsToForget(forgotten, policy({ keepDaily: 2 }))).not.toContain('2027-01-05 pm');
    expect(kept(forgotten, { keepDaily: 2 })).toContain('2027-01-05 am');
  });

  it('validates the rules with zod: keep-last at least 1, calendar rules 0 (off) to 1000', () => {
    expect(retentionPolicySchema.safeParse(policy({ keepDaily: 7 })).success).toBe(true);
    expect(retentionPolicySchema.safeParse(policy({ keepLast: 0 })).success).toBe(false);
    expect(retentionPolicySchema.safeParse(policy({ keepWeekly: -1 })).success).toBe(false);
    expect(retentionPolicySchema.safeParse(policy({ keepMonthly: 1.5 })).success).toBe(false);
    expect(describePolicy(policy({ keepLast: 3, keepDaily: 7, keepMonthly: 12 }))).toBe('the newest 3, 7 daily, 12 monthly');
  });
});
