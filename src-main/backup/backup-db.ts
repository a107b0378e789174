// Local backup history in SQLite (WAL): snapshots, where every uploaded item lives (the dedupe index),
// and the outbox of sealed items waiting in the fallback store. One transaction per state change, so a
// crash leaves each snapshot in a state the next start understands.
import type Database from 'better-sqlite3';
import { openSqlite, StatementCache } from '../fs/sqlite.ts';
import { itemLocationSchema, type ItemKind, type ItemLocation } from './manifest.ts';

export type SnapshotState = 'running' | 'pending' | 'complete' | 'failed';

export interface DraftEntry {
  kind: ItemKind;
  documentId: number;
  hash: string;
  size: number;
}

export interface SnapshotRecord {
  runId: string;
  manifestBlobId: string | null;
  parent: string | null;
  createdAt: number;
  state: SnapshotState;
  documents: number;
  chunks: number;
  bytes: number;
  items: number;
  uploadedItems: number;
  uploadedBytes: number;
  referencedItems: number;
  referencedBytes: number;
  cost: number;
  endEpoch: number | null;
  error: string | null;
}

export interface StoredItem {
  hash: string;
  kind: ItemKind;
  location: ItemLocation;
  storedSize: number;
  endEpoch: number;
}

export interface OutboxEntry {
  seq: number;
  runId: string;
  hash: string;
  kind: ItemKind;
  sealedHash: string;
  storedSize: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
  run_id TEXT PRIMARY KEY, manifest_blob_id TEXT UNIQUE, parent TEXT, created_at INTEGER NOT NULL, state TEXT NOT NULL,
  documents INTEGER NOT NULL, chunks INTEGER NOT NULL, bytes INTEGER NOT NULL, items INTEGER NOT NULL,
  uploaded_items INTEGER NOT NULL DEFAULT 0, uploaded_bytes INTEGER NOT NULL DEFAULT 0,
  referenced_items INTEGER NOT NULL DEFAULT 0, referenced_bytes INTEGER NOT NULL DEFAULT 0,
  cost INTEGER NOT NULL DEFAULT 0, end_epoch INTEGER, error TEXT, draft TEXT NOT NULL, embedder TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
  hash TEXT PRIMARY KEY, kind TEXT NOT NULL, location TEXT NOT NULL, stored_size INTEGER NOT NULL, end_epoch INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, hash TEXT NOT NULL, kind TEXT NOT NULL,
  sealed_hash TEXT NOT NULL, stored_size INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

const SNAPSHOT_COLUMNS = `run_id AS runId, manifest_blob_id AS manifestBlobId, parent, created_at AS createdAt, state, documents, chunks, bytes,
  items, uploaded_items AS uploadedItems, uploaded_bytes AS uploadedBytes, referenced_items AS referencedItems,
  referenced_bytes AS referencedBytes, cost, end_epoch AS endEpoch, error`;

export class BackupDb {
  readonly db: Database.Database;
  readonly #statements: StatementCache;

  private constructor(db: Database.Database) {
    this.db = db;
    this.#statements = new StatementCache(db);
  }

  #sql(sql: string): Database.Statement {
    return this.#statements.get(sql);
  }

  static open(file: string): BackupDb {
    const db = openSqlite(file, 'FULL'); // an outbox row must survive a power cut once the upload is marked done
    db.exec(SCHEMA);
    return new BackupDb(db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** A run that was interrupted by a crash cannot be continued (its plan is stale): mark it failed. */
  failInterrupted(): number {
    return this.#sql(`UPDATE snapshots SET state = 'failed', error = 'interrupted' WHERE state = 'running'`).run().changes;
  }

  insertSnapshot(s: Pick<SnapshotRecord, 'runId' | 'parent' | 'createdAt' | 'documents' | 'chunks' | 'bytes' | 'items'>, draft: DraftEntry[], embedder: unknown): void {
    this.db
      .prepare(
        `INSERT INTO snapshots (run_id, parent, created_at, state, documents, chunks, bytes, items, draft, embedder) VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.runId, s.parent, s.createdAt, s.documents, s.chunks, s.bytes, s.items, JSON.stringify(draft), JSON.stringify(embedder));
  }

  updateSnapshot(runId: string, patch: Partial<Omit<SnapshotRecord, 'runId'>>): void {
    const columns: Record<string, string> = {
      manifestBlobId: 'manifest_blob_id', state: 'state', uploadedItems: 'uploaded_items', uploadedBytes: 'uploaded_bytes',
      referencedItems: 'referenced_items', referencedBytes: 'referenced_bytes', cost: 'cost', endEpoch: 'end_epoch', error: 'error',
    };
    const entries = Object.entries(patch).filter(([k]) => columns[k]);
    if (!entries.length) return;
    this.#sql(`UPDATE snapshots SET ${entries.map(([k]) => `${columns[k]} = ?`).join(', ')} WHERE run_id = ?`).run(...entries.map(([, v]) => v as never), runId);
  }

  addCost(runId: string, uploadedItems: number, uploadedBytes: number, cost: number): void {
    this.#sql('UPDATE snapshots SET uploaded_items = uploaded_items + ?, uploaded_bytes = uploaded_bytes + ?, cost = cost + ? WHERE run_id = ?').run(uploadedItems, uploadedBytes, cost, runId);
  }

  snapshots(): SnapshotRecord[] {
    return this.#sql(`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots ORDER BY created_at DESC, rowid DESC`).all() as SnapshotRecord[];
  }

  /** By run id or manifest blob id. */
  snapshot(id: string): SnapshotRecord | undefined {
    return this.#sql(`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE run_id = ? OR manifest_blob_id = ?`).get(id, id) as SnapshotRecord | undefined;
  }

  latestComplete(): SnapshotRecord | undefined {
    return this.#sql(`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE state = 'complete' ORDER BY created_at DESC, rowid DESC LIMIT 1`).get() as SnapshotRecord | undefined;
  }

  pendingSnapshots(): SnapshotRecord[] {
    return this.#sql(`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE state = 'pending' ORDER BY created_at, rowid`).all() as SnapshotRecord[];
  }

  draft(runId: string): { draft: DraftEntry[]; embedder: unknown } {
    const row = this.#sql('SELECT draft, embedder FROM snapshots WHERE run_id = ?').get(runId) as { draft: string; embedder: string };
    return { draft: JSON.parse(row.draft) as DraftEntry[], embedder: JSON.parse(row.embedder) as unknown };
  }

  item(hash: string): StoredItem | undefined {
    const row = this.#sql('SELECT hash, kind, location, stored_size AS storedSize, end_epoch AS endEpoch FROM items WHERE hash = ?').get(hash) as
      | (Omit<StoredItem, 'location'> & { location: string })
      | undefined;
    return row && { ...row, location: itemLocationSchema.parse(JSON.parse(row.location)) };
  }

  /** Keeps the copy that lives longest. */
  recordItems(items: StoredItem[]): void {
    const upsert = this.#sql(
      `INSERT INTO items (hash, kind, location, stored_size, end_epoch) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(hash) DO UPDATE SET location = excluded.location, stored_size = excluded.stored_size, end_epoch = excluded.end_epoch
       WHERE excluded.end_epoch >= items.end_epoch`,
    );
    this.db.transaction(() => {
      for (const i of items) upsert.run(i.hash, i.kind, JSON.stringify(i.location), i.storedSize, i.endEpoch);
    })();
  }

  /** Queues sealed items and marks the run pending, atomically. */
  enqueue(runId: string, entries: Omit<OutboxEntry, 'seq' | 'runId'>[]): void {
    const insert = this.#sql('INSERT INTO outbox (run_id, hash, kind, sealed_hash, stored_size) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const e of entries) insert.run(runId, e.hash, e.kind, e.sealedHash, e.storedSize);
      this.updateSnapshot(runId, { state: 'pending' });
    })();
  }

  outbox(runId?: string): OutboxEntry[] {
    const where = runId ? 'AND run_id = ?' : '';
    return this.db
      .prepare(`SELECT seq, run_id AS runId, hash, kind, sealed_hash AS sealedHash, stored_size AS storedSize FROM outbox WHERE done = 0 ${where} ORDER BY seq`)
      .all(...(runId ? [runId] : [])) as OutboxEntry[];
  }

  /** An outbox entry is done only together with the location the server confirmed. */
  completeOutbox(seqs: number[], stored: StoredItem[]): void {
    const done = this.#sql('UPDATE outbox SET done = 1 WHERE seq = ?');
    this.db.transaction(() => {
      this.recordItems(stored);
      for (const seq of seqs) done.run(seq);
    })();
  }

  /** Whether an item already waits in the outbox (a later run then references it instead of queueing it twice). */
  queued(hash: string): boolean {
    return this.#sql('SELECT 1 FROM outbox WHERE done = 0 AND hash = ?').get(hash) !== undefined;
  }

  /** Sealed files still needed by some waiting entry (the rest may be deleted). */
  sealedInUse(sealedHash: string): boolean {
    return this.#sql('SELECT 1 FROM outbox WHERE done = 0 AND sealed_hash = ?').get(sealedHash) !== undefined;
  }

  getMeta(key: string): string | undefined {
    return (this.#sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.#sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
