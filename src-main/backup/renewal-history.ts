// What renewal asks the local history beyond its plan: which items in a quilt some kept snapshot still
// needs, which kept snapshots name a quilt, and which kept snapshots are about to expire. A snapshot is kept
// when it is complete and not forgotten; a pending one keeps the items it lists that are stored already.
import type { ExpiringSnapshot } from '../../src-shared/contract/backup.ts';
import type { BackupDb, StoredItem } from './backup-db.ts';
import { itemLocationSchema } from './manifest.ts';
import { snapshotIdOf } from './snapshot-writer.ts';

const KEPT = `((s.state = 'complete' AND s.forgotten_at IS NULL) OR s.state = 'pending')`;

/** Content hashes of every item a kept or pending snapshot lists. */
export function keptHashes(db: BackupDb): Set<string> {
  const rows = db.db.prepare(`SELECT DISTINCT json_extract(e.value, '$.hash') AS hash FROM snapshots s, json_each(s.draft) e WHERE ${KEPT}`).all() as { hash: string }[];
  return new Set(rows.map((r) => r.hash));
}

/** The items whose current location is in `objectId` (a quilt), as recorded when they were stored. */
export function itemsIn(db: BackupDb, objectId: string): StoredItem[] {
  const rows = db.db
    .prepare(
      `SELECT i.hash, i.kind, i.location, i.stored_size AS storedSize, i.end_epoch AS endEpoch FROM item_objects io
       JOIN items i ON i.hash = io.hash WHERE io.object_id = ? ORDER BY i.hash`,
    )
    .all(objectId) as (Omit<StoredItem, 'location'> & { location: string })[];
  return rows.map((r) => ({ ...r, location: itemLocationSchema.parse(JSON.parse(r.location)) }));
}

/** Complete, not forgotten snapshots whose manifest names `objectId`: their manifests are written again when it is repacked. */
export function keptSnapshotsNaming(db: BackupDb, objectId: string): string[] {
  const rows = db.db
    .prepare(
      `SELECT so.run_id AS runId FROM snapshot_objects so JOIN snapshots s ON s.run_id = so.run_id
       WHERE so.object_id = ? AND s.state = 'complete' AND s.forgotten_at IS NULL ORDER BY s.created_at`,
    )
    .all(objectId) as { runId: string }[];
  return rows.map((r) => r.runId);
}

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
