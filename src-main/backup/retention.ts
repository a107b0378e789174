// The retention rule ("keep the last N", as restic's `forget --keep-last`): of the complete snapshots not
// kept by hand, the newest N stay; older ones are forgotten (no longer renewed: they expire on Walrus).
// Pending, running and failed snapshots are never forgotten, nor is the newest complete one.
import type { SnapshotState } from './backup-db.ts';

export interface RetentionCandidate {
  runId: string;
  state: SnapshotState;
  createdAt: number;
  forgottenAt: number | null;
  pinned: boolean;
}

/**
 * Run ids to forget now, given every snapshot and how many to keep (at least 1 is always kept). Newest by
 * creation time; snapshots made in the same millisecond by their place in the list (oldest first).
 */
export function snapshotsToForget(snapshots: readonly RetentionCandidate[], keep: number): string[] {
  const complete = snapshots
    .map((s, order) => ({ s, order }))
    .filter(({ s }) => s.state === 'complete')
    .sort((a, b) => b.s.createdAt - a.s.createdAt || b.order - a.order)
    .map(({ s }) => s);
  const newest = complete[0];
  const counted = complete.filter((s) => !s.pinned && s.forgottenAt === null);
  return counted.slice(Math.max(1, Math.floor(keep))).filter((s) => s !== newest).map((s) => s.runId);
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
