// Which kept snapshots renewal could not keep alive: complete, not forgotten, and about to expire after a
// pass that failed, or expired already. (The history's queries for renewal are BackupDb's: keptHashes,
// itemsIn, keptSnapshotsNaming.)
import type { ExpiringSnapshot } from '../../src-shared/contract/backup.ts';
import type { BackupDb } from './backup-db.ts';
import { snapshotIdOf } from './snapshot-writer.ts';

const RENEWAL_FAILED = 'renewal-failed';

/** Remembers whether the last renewal pass failed (or was cut short) for `expiringSnapshots`. */
export function markRenewalFailed(db: BackupDb, failed: boolean): void {
  db.setMeta(RENEWAL_FAILED, failed ? '1' : '');
}

/**
 * Kept snapshots renewal could not keep alive: complete, not forgotten, with at most `renewWithin` epochs left
 * after a pass that failed or was cut short — and, whatever the last pass did, those already expired.
 */
export function expiringSnapshots(db: BackupDb, currentEpoch: number, renewWithin: number, dateOf: (epoch: number) => string): ExpiringSnapshot[] {
  const near = snapshotsNearEnd(db, currentEpoch, renewWithin, dateOf);
  return db.getMeta(RENEWAL_FAILED) ? near : near.filter((s) => s.expired);
}

function snapshotsNearEnd(db: BackupDb, currentEpoch: number, renewWithin: number, dateOf: (epoch: number) => string): ExpiringSnapshot[] {
  return db
    .snapshots()
    .filter((s) => s.state === 'complete' && s.forgottenAt === null && s.endEpoch !== null && s.endEpoch - currentEpoch <= renewWithin)
    .map((s) => {
      const endEpoch = s.endEpoch as number;
      return { snapshotId: snapshotIdOf(s), runId: s.runId, createdAt: new Date(s.createdAt).toISOString(), endEpoch, expiresAt: dateOf(endEpoch), expired: endEpoch <= currentEpoch };
    });
}
