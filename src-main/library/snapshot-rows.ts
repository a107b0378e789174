// The catalog's SQL for snapshots: reading every document with its chunks inside one read transaction
// (snapshot-export.ts), and writing them back with their ids (snapshot-import.ts), with where each restored
// document was in the snapshot it came from (restored_origins). Only the catalog creates it.
import type Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { StatementCache } from '../kernel/fs/sqlite.ts';
import type { DocumentRecord } from './catalog-records.ts';

/** A chunk as a snapshot stores it: the vector as its stored bytes (Float32 little-endian), or null. */
export interface SnapshotChunkRow {
  id: number;
  seq: number;
  start: number;
  end: number;
  text: string;
  vector: Buffer | null;
}

/** Where a restored document was in the snapshot it came from, and where it was restored to. */
export interface RestoredOrigin {
  path: string;
  originalPath: string;
  originalFolder: string;
}

/** A document to write back: its record and chunks as the snapshot holds them, and the path it is restored to. */
export interface ImportedDocument {
  document: DocumentRecord;
  chunks: readonly SnapshotChunkRow[];
  path: string;
}

const RESTORED_ORIGINS_SCHEMA = `CREATE TABLE IF NOT EXISTS restored_origins (
  document_id INTEGER PRIMARY KEY, path TEXT NOT NULL, original_path TEXT NOT NULL, original_folder TEXT NOT NULL
)`;

export class SnapshotRows {
  readonly #db: Database.Database;
  readonly #statements: StatementCache;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#statements = new StatementCache(db);
  }

  /** Starts the read transaction a snapshot is read in: it sees one generation while ingest goes on elsewhere. */
  beginRead(): void {
    this.#db.prepare('BEGIN').run();
  }

  endRead(): void {
    if (this.#db.open && this.#db.inTransaction) this.#db.prepare('COMMIT').run();
  }

  /** The byte length of a stored vector (all have the same), or 0 when none is stored. */
  vectorBytes(): number {
    const row = this.#statements.get('SELECT length(vector) AS n FROM chunks WHERE vector IS NOT NULL LIMIT 1').get() as { n: number } | undefined;
    return row?.n ?? 0;
  }

  /** Every document, by id. */
  documents(): DocumentRecord[] {
    return this.#statements
      .get(`SELECT id, path, folder, hash, type, size, mtime, title, ingested_at AS ingestedAt, chunk_count AS chunkCount FROM documents ORDER BY id`)
      .all() as DocumentRecord[];
  }

  chunksOf(documentId: number): SnapshotChunkRow[] {
    return this.#statements.get('SELECT id, seq, start, end, text, vector FROM chunks WHERE document_id = ? ORDER BY seq').all(documentId) as SnapshotChunkRow[];
  }

  /** Where restored documents came from, by document id (none in a catalog that was never restored into). */
  restoredOrigins(): Map<number, RestoredOrigin> {
    const table = this.#statements.get(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'restored_origins'`).get();
    if (!table) return new Map();
    const rows = this.#statements
      .get('SELECT document_id AS id, path, original_path AS originalPath, original_folder AS originalFolder FROM restored_origins')
      .all() as (RestoredOrigin & { id: number })[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Prepares the catalog to be restored into (the table of restored origins). */
  prepareImport(): void {
    this.#db.exec(RESTORED_ORIGINS_SCHEMA);
  }

  documentIds(): Set<number> {
    return new Set(this.#statements.get('SELECT id FROM documents').pluck().all() as number[]);
  }

  /** Writes restored documents with their chunks and origins, keeping their ids, in one transaction. */
  insert(documents: readonly ImportedDocument[]): void {
    const doc = this.#statements.get(
      `INSERT INTO documents (id, path, folder, hash, type, size, mtime, title, ingested_at, chunk_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const chunk = this.#statements.get('INSERT INTO chunks (id, document_id, seq, start, end, text, vector) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const origin = this.#statements.get('INSERT OR REPLACE INTO restored_origins (document_id, path, original_path, original_folder) VALUES (?, ?, ?, ?)');
    this.#db.transaction(() => {
      for (const { document: d, chunks, path } of documents) {
        doc.run(d.id, path, dirname(path), d.hash, d.type, d.size, d.mtime, d.title, d.ingestedAt, d.chunkCount);
        origin.run(d.id, path, d.path, d.folder);
        for (const c of chunks) chunk.run(c.id, d.id, c.seq, c.start, c.end, c.text, c.vector);
      }
    })();
  }

  /** Moves everything written into the catalog file itself, so the folder can be renamed into place whole. */
  checkpoint(): void {
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
