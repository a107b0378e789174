// The backup history's tables, and the columns added after the first release, for histories made before them.
// Only BackupDb (backup-db.ts) opens the database; this file is its schema.
import type Database from 'better-sqlite3';

/** Rows of the deployment in use (every row when the history is not keyed, e.g. in tests), bound as `@deployment`. */
export const ON_DEPLOYMENT = (column: string) => `(@deployment IS NULL OR ${column} IS @deployment)`;

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
-- Walrus objects (quilts and blobs) with their end epoch; which ones each item and each snapshot needs.
CREATE TABLE IF NOT EXISTS objects (object_id TEXT PRIMARY KEY, type TEXT NOT NULL, end_epoch INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS item_objects (hash TEXT NOT NULL, object_id TEXT NOT NULL, PRIMARY KEY (hash, object_id));
CREATE INDEX IF NOT EXISTS item_objects_object ON item_objects (object_id);
CREATE TABLE IF NOT EXISTS snapshot_objects (run_id TEXT NOT NULL, object_id TEXT NOT NULL, PRIMARY KEY (run_id, object_id));
CREATE INDEX IF NOT EXISTS snapshot_objects_object ON snapshot_objects (object_id);
-- Earlier manifests of a snapshot, replaced by renewal when items moved to new quilts: the old ids still find it.
CREATE TABLE IF NOT EXISTS manifest_history (blob_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, replaced_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS manifest_history_run ON manifest_history (run_id);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER, outcome TEXT NOT NULL,
  snapshot_id TEXT, uploaded_items INTEGER NOT NULL DEFAULT 0, referenced_items INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0, cost INTEGER NOT NULL DEFAULT 0, message TEXT
);
`;

/** Columns added after the first release, for histories made before them. */
const ADDED_COLUMNS: [table: string, column: string, definition: string][] = [
  ['snapshots', 'forgotten_at', 'INTEGER'],
  ['snapshots', 'pinned', 'INTEGER NOT NULL DEFAULT 0'],
  ['runs', 'pid', 'INTEGER'],
  // The Walrus deployment (network, publisher, aggregator) a snapshot, item location or object lives on;
  // NULL in histories from before, until the first deployment used adopts them (see #deployment).
  ['snapshots', 'deployment', 'TEXT'],
  ['items', 'deployment', 'TEXT'],
  ['objects', 'deployment', 'TEXT'],
];

/** Creates what is missing: the tables of a new history, the later columns of an older one. */
export function createBackupSchema(db: Database.Database): void {
  db.exec(SCHEMA);
  for (const [table, column, definition] of ADDED_COLUMNS) {
    const present = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
    if (!present) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
}
