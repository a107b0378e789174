// The backup history's index of Walrus objects (objects, item_objects, snapshot_objects): which quilts and
// blobs each item and each snapshot needs and until when, what renewal keeps alive, and what storing one
// again extends. BackupDb hands it the connection, its statements and the deployment in use, and calls it
// inside its own transactions (a snapshot completed, adopted or given a renewed manifest).
import type Database from 'better-sqlite3';
import type { StoredItem } from './backup-records.ts';
import { ON_DEPLOYMENT } from './backup-schema.ts';
import { itemLocationSchema, type ItemLocation } from './manifest.ts';
import { objectsOf } from './objects.ts';
import type { KeptObject } from './renewal-plan.ts';

export class ObjectIndex {
  readonly #db: Database.Database;
  readonly #sql: (sql: string) => Database.Statement;
  readonly #deployment: () => string | null;

  constructor(db: Database.Database, sql: (sql: string) => Database.Statement, deployment: () => string | null) {
    this.#db = db;
    this.#sql = sql;
    this.#deployment = deployment;
  }

  /** Links an item to the objects its location is in (the ones it was linked to before are dropped). */
  linkItem(hash: string, location: ItemLocation, endEpoch: number): void {
    this.#sql('DELETE FROM item_objects WHERE hash = ?').run(hash);
    for (const o of objectsOf(location)) {
      this.#upsertObject(o.id, o.type, endEpoch);
      this.#sql('INSERT OR IGNORE INTO item_objects (hash, object_id) VALUES (?, ?)').run(hash, o.id);
    }
  }

  #upsertObject(objectId: string, type: string, endEpoch: number): void {
    this.#sql(
      `INSERT INTO objects (object_id, type, end_epoch, deployment) VALUES (?, ?, ?, ?)
       ON CONFLICT(object_id) DO UPDATE SET end_epoch = MAX(objects.end_epoch, excluded.end_epoch)`,
    ).run(objectId, type, endEpoch, this.#deployment());
  }

  /**
   * The objects a snapshot needs: those of its items as they are now (the manifest lists these locations), its
   * manifest, and the manifest's parts when it was too large for one blob.
   */
  linkSnapshot(runId: string, hashes: readonly string[], manifestBlobs: readonly { blobId: string; endEpoch: number }[]): void {
    const link = this.#sql('INSERT OR IGNORE INTO snapshot_objects (run_id, object_id) SELECT ?, object_id FROM item_objects WHERE hash = ?');
    for (const hash of new Set(hashes)) link.run(runId, hash);
    for (const blob of manifestBlobs) {
      this.#upsertObject(blob.blobId, 'blob', blob.endEpoch);
      this.#sql('INSERT OR IGNORE INTO snapshot_objects (run_id, object_id) VALUES (?, ?)').run(runId, blob.blobId);
    }
  }

  /** Whether a snapshot's manifest names every item where the item is stored now (nothing moved since). */
  namesCurrentLocations(runId: string): boolean {
    const moved = this.#sql(
      `SELECT 1 FROM snapshots s, json_each(s.draft) e JOIN item_objects io ON io.hash = json_extract(e.value, '$.hash')
       WHERE s.run_id = ? AND io.object_id NOT IN (SELECT object_id FROM snapshot_objects WHERE run_id = ?) LIMIT 1`,
    ).get(runId, runId);
    return moved === undefined;
  }

  /** How many manifests renewal has written for a snapshot since its first (its manifest's `revision`). */
  manifestRevision(runId: string): number {
    return (this.#sql('SELECT COUNT(*) AS n FROM manifest_history WHERE run_id = ?').get(runId) as { n: number }).n;
  }

  /** When a snapshot ends: the earliest end of the objects it needs (null when none is linked). */
  snapshotEnd(runId: string): number | null {
    const row = this.#sql('SELECT MIN(o.end_epoch) AS e FROM snapshot_objects so JOIN objects o ON o.object_id = so.object_id WHERE so.run_id = ?').get(runId) as { e: number | null };
    return row.e;
  }

  /**
   * What renewal keeps alive: every object of every complete snapshot that is not forgotten, and the objects of
   * the items a pending snapshot lists that are stored already (its manifest will name them once Walrus answers).
   */
  keptObjects(): KeptObject[] {
    // Only the deployment in use: renewal stores through its publisher what its aggregator serves.
    return this.#sql(
      `SELECT so.run_id AS runId, o.object_id AS objectId, o.type, o.end_epoch AS endEpoch FROM snapshot_objects so
       JOIN objects o ON o.object_id = so.object_id JOIN snapshots s ON s.run_id = so.run_id
       WHERE s.state = 'complete' AND s.forgotten_at IS NULL AND ${ON_DEPLOYMENT('o.deployment')}
       UNION
       SELECT s.run_id, o.object_id, o.type, o.end_epoch FROM snapshots s, json_each(s.draft) entry
       JOIN item_objects io ON io.hash = json_extract(entry.value, '$.hash') JOIN objects o ON o.object_id = io.object_id
       WHERE s.state = 'pending' AND ${ON_DEPLOYMENT('o.deployment')}`,
    ).all({ deployment: this.#deployment() }) as KeptObject[];
  }

  /** An object stored again until `endEpoch`: its items and the snapshots that need it now last until their new earliest end. */
  renewObject(objectId: string, endEpoch: number): void {
    this.#db.transaction(() => {
      this.#sql('UPDATE objects SET end_epoch = MAX(end_epoch, ?) WHERE object_id = ?').run(endEpoch, objectId);
      this.#sql(
        `UPDATE items SET end_epoch = (SELECT MIN(o.end_epoch) FROM item_objects io JOIN objects o ON o.object_id = io.object_id WHERE io.hash = items.hash)
         WHERE hash IN (SELECT hash FROM item_objects WHERE object_id = ?)`,
      ).run(objectId);
      this.#sql(
        `UPDATE snapshots SET end_epoch = (SELECT MIN(o.end_epoch) FROM snapshot_objects so JOIN objects o ON o.object_id = so.object_id WHERE so.run_id = snapshots.run_id)
         WHERE run_id IN (SELECT run_id FROM snapshot_objects WHERE object_id = ?)`,
      ).run(objectId);
    }).immediate();
  }

  /** The items whose current location is in `objectId` (a quilt), as recorded when they were stored. */
  itemsIn(objectId: string): StoredItem[] {
    const rows = this.#sql(
      `SELECT i.hash, i.kind, i.location, i.stored_size AS storedSize, i.end_epoch AS endEpoch FROM item_objects io
       JOIN items i ON i.hash = io.hash WHERE io.object_id = ? ORDER BY i.hash`,
    ).all(objectId) as (Omit<StoredItem, 'location'> & { location: string })[];
    return rows.map((r) => ({ ...r, location: itemLocationSchema.parse(JSON.parse(r.location)) }));
  }

  /** Complete, not forgotten snapshots whose manifest names `objectId`, oldest first. */
  keptSnapshotsNaming(objectId: string): string[] {
    return this.#sql(
      `SELECT so.run_id FROM snapshot_objects so JOIN snapshots s ON s.run_id = so.run_id
       WHERE so.object_id = ? AND s.state = 'complete' AND s.forgotten_at IS NULL ORDER BY s.created_at`,
    ).pluck().all(objectId) as string[];
  }
}
