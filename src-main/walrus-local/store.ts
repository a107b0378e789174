// The local server's catalog: stored blobs, the Sui blob objects that pay for them (with their owner,
// so a Sui RPC facade can later answer "objects owned by X"), quilt indexes and the block list.
// SQLite in WAL mode; every logical change is one transaction.
import Database from 'better-sqlite3';
import { join } from 'node:path';

export interface BlobObjectRecord {
  objectId: string;
  blobId: string;
  /** Sui address holding the object; null for a shared blob. */
  owner: string | null;
  sharedObjectId: string | null;
  size: number;
  encodedLength: number;
  registeredEpoch: number;
  certifiedEpoch: number;
  storageId: string;
  startEpoch: number;
  /** Exclusive. */
  endEpoch: number;
  deletable: boolean;
  cost: number;
  /** Base58 digest of the (simulated) certification transaction. */
  txDigest: string;
}

export interface QuiltPatchRecord {
  identifier: string;
  start: number;
  end: number;
  tags: Record<string, string>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS blobs (
  blob_id TEXT PRIMARY KEY, size INTEGER NOT NULL, is_quilt INTEGER NOT NULL, stored_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS objects (
  object_id TEXT PRIMARY KEY, blob_id TEXT NOT NULL REFERENCES blobs(blob_id), owner TEXT, shared_object_id TEXT,
  size INTEGER NOT NULL, encoded_length INTEGER NOT NULL, registered_epoch INTEGER NOT NULL,
  certified_epoch INTEGER NOT NULL, storage_id TEXT NOT NULL, start_epoch INTEGER NOT NULL,
  end_epoch INTEGER NOT NULL, deletable INTEGER NOT NULL, cost INTEGER NOT NULL, tx_digest TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS objects_by_blob ON objects(blob_id);
CREATE INDEX IF NOT EXISTS objects_by_owner ON objects(owner);
CREATE TABLE IF NOT EXISTS patches (
  quilt_id TEXT NOT NULL REFERENCES blobs(blob_id), identifier TEXT NOT NULL, start_index INTEGER NOT NULL,
  end_index INTEGER NOT NULL, tags TEXT NOT NULL, PRIMARY KEY (quilt_id, identifier));
CREATE TABLE IF NOT EXISTS blocked (blob_id TEXT PRIMARY KEY);
`;

interface ObjectRow {
  object_id: string;
  blob_id: string;
  owner: string | null;
  shared_object_id: string | null;
  size: number;
  encoded_length: number;
  registered_epoch: number;
  certified_epoch: number;
  storage_id: string;
  start_epoch: number;
  end_epoch: number;
  deletable: number;
  cost: number;
  tx_digest: string;
}

interface PatchRow {
  identifier: string;
  start_index: number;
  end_index: number;
  tags: string;
}

export class WalrusStore {
  readonly #db: Database.Database;

  constructor(dataDir: string, options: { fsync: boolean }) {
    this.#db = new Database(join(dataDir, 'catalog.sqlite'));
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma(options.fsync ? 'synchronous = FULL' : 'synchronous = OFF');
    this.#db.exec(SCHEMA);
  }

  close(): void {
    this.#db.close();
  }

  /** Records a stored blob (idempotent), its new object and, for a quilt, its index — atomically. */
  recordStore(blob: { blobId: string; size: number }, object: BlobObjectRecord, patches?: QuiltPatchRecord[]): void {
    this.#db.transaction(() => {
      this.#db
        // The same bytes may arrive first as a plain blob and later as a quilt: once a quilt, always one.
        .prepare(
          `INSERT INTO blobs (blob_id, size, is_quilt, stored_ms) VALUES (?, ?, ?, ?)
           ON CONFLICT (blob_id) DO UPDATE SET is_quilt = MAX(is_quilt, excluded.is_quilt)`,
        )
        .run(blob.blobId, blob.size, patches ? 1 : 0, Date.now());
      this.#insertObject(object);
      const insertPatch = this.#db.prepare(
        'INSERT OR IGNORE INTO patches (quilt_id, identifier, start_index, end_index, tags) VALUES (?, ?, ?, ?, ?)',
      );
      for (const p of patches ?? []) insertPatch.run(blob.blobId, p.identifier, p.start, p.end, JSON.stringify(p.tags));
    })();
  }

  extendObject(objectId: string, endEpoch: number): void {
    this.#db.prepare('UPDATE objects SET end_epoch = ? WHERE object_id = ?').run(endEpoch, objectId);
  }

  /** The blob's size if some object keeps it alive at `epoch`. */
  liveBlob(blobId: string, epoch: number): { size: number; isQuilt: boolean; endEpoch: number } | undefined {
    const row = this.#db
      .prepare(
        `SELECT b.size, b.is_quilt, MAX(o.end_epoch) AS end_epoch FROM blobs b JOIN objects o ON o.blob_id = b.blob_id
         WHERE b.blob_id = ? GROUP BY b.blob_id`,
      )
      .get(blobId) as { size: number; is_quilt: number; end_epoch: number } | undefined;
    if (!row || row.end_epoch <= epoch) return undefined;
    return { size: row.size, isQuilt: row.is_quilt === 1, endEpoch: row.end_epoch };
  }

  /** A live permanent object for the blob, the longest-lived one, for `alreadyCertified` answers. */
  livePermanentObject(blobId: string, epoch: number): BlobObjectRecord | undefined {
    const row = this.#db
      .prepare('SELECT * FROM objects WHERE blob_id = ? AND deletable = 0 AND end_epoch > ? ORDER BY end_epoch DESC LIMIT 1')
      .get(blobId, epoch) as ObjectRow | undefined;
    return row && fromRow(row);
  }

  getObject(objectId: string): BlobObjectRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM objects WHERE object_id = ? OR shared_object_id = ?').get(objectId, objectId) as
      | ObjectRow
      | undefined;
    return row && fromRow(row);
  }

  listObjectsByOwner(owner: string): BlobObjectRecord[] {
    const rows = this.#db.prepare('SELECT * FROM objects WHERE owner = ? ORDER BY rowid').all(owner) as ObjectRow[];
    return rows.map(fromRow);
  }

  listPatches(quiltId: string): QuiltPatchRecord[] {
    const rows = this.#db.prepare('SELECT * FROM patches WHERE quilt_id = ? ORDER BY start_index').all(quiltId) as PatchRow[];
    return rows.map(patchFromRow);
  }

  findPatch(quiltId: string, where: { identifier: string } | { start: number; end: number }): QuiltPatchRecord | undefined {
    const row = (
      'identifier' in where
        ? this.#db.prepare('SELECT * FROM patches WHERE quilt_id = ? AND identifier = ?').get(quiltId, where.identifier)
        : this.#db
            .prepare('SELECT * FROM patches WHERE quilt_id = ? AND start_index = ? AND end_index = ?')
            .get(quiltId, where.start, where.end)
    ) as PatchRow | undefined;
    return row && patchFromRow(row);
  }

  allBlobs(): { blobId: string; isQuilt: boolean }[] {
    const rows = this.#db.prepare('SELECT blob_id, is_quilt FROM blobs ORDER BY rowid').all() as { blob_id: string; is_quilt: number }[];
    return rows.map((r) => ({ blobId: r.blob_id, isQuilt: r.is_quilt === 1 }));
  }

  setBlocked(blobId: string, blocked: boolean): void {
    if (blocked) this.#db.prepare('INSERT OR IGNORE INTO blocked (blob_id) VALUES (?)').run(blobId);
    else this.#db.prepare('DELETE FROM blocked WHERE blob_id = ?').run(blobId);
  }

  isBlocked(blobId: string): boolean {
    return this.#db.prepare('SELECT 1 FROM blocked WHERE blob_id = ?').get(blobId) !== undefined;
  }

  #insertObject(o: BlobObjectRecord): void {
    this.#db
      .prepare(
        `INSERT INTO objects (object_id, blob_id, owner, shared_object_id, size, encoded_length, registered_epoch,
          certified_epoch, storage_id, start_epoch, end_epoch, deletable, cost, tx_digest)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(o.objectId, o.blobId, o.owner, o.sharedObjectId, o.size, o.encodedLength, o.registeredEpoch, o.certifiedEpoch,
        o.storageId, o.startEpoch, o.endEpoch, o.deletable ? 1 : 0, o.cost, o.txDigest);
  }
}

function fromRow(r: ObjectRow): BlobObjectRecord {
  return {
    objectId: r.object_id,
    blobId: r.blob_id,
    owner: r.owner,
    sharedObjectId: r.shared_object_id,
    size: r.size,
    encodedLength: r.encoded_length,
    registeredEpoch: r.registered_epoch,
    certifiedEpoch: r.certified_epoch,
    storageId: r.storage_id,
    startEpoch: r.start_epoch,
    endEpoch: r.end_epoch,
    deletable: r.deletable === 1,
    cost: r.cost,
    txDigest: r.tx_digest,
  };
}

function patchFromRow(r: PatchRow): QuiltPatchRecord {
  return { identifier: r.identifier, start: r.start_index, end: r.end_index, tags: JSON.parse(r.tags) as Record<string, string> };
}
