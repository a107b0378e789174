// Reads the library for a snapshot: per document, its original file bytes and one record with the
// catalog row and every chunk (offsets, text, stored vector). Reads go through a private catalog
// connection inside one read transaction, so a snapshot sees one consistent generation of the catalog
// while ingest goes on.
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Catalog, type DocumentRecord } from './catalog.ts';
import { libraryPaths } from './library.ts';

export interface SnapshotChunk {
  id: number;
  seq: number;
  start: number;
  end: number;
  text: string;
  /** Float32 little-endian, base64; null when the chunk has no vector. */
  vector: string | null;
}

export interface DocumentSnapshotRecord {
  document: DocumentRecord;
  chunks: SnapshotChunk[];
}

export interface ExportedDocument {
  document: DocumentRecord;
  /** The document record, serialised: what the `document` item carries. */
  record: Uint8Array;
  /** The original file, or null when it is gone or changed since it was ingested (then only the record is kept). */
  content(): Promise<Uint8Array | null>;
}

/**
 * Where a restored document was in the snapshot it came from (written by snapshot-import.ts). While the
 * document is still at its restored path, its record is exported with the original path and folder: the
 * same bytes, hence the same content hash, as the item already stored on Walrus.
 */
export const RESTORED_ORIGINS_SCHEMA = `CREATE TABLE IF NOT EXISTS restored_origins (
  document_id INTEGER PRIMARY KEY, path TEXT NOT NULL, original_path TEXT NOT NULL, original_folder TEXT NOT NULL
)`;

interface RestoredOrigin {
  path: string;
  originalPath: string;
  originalFolder: string;
}

export interface SnapshotExport {
  generation: number;
  stats: { documents: number; chunks: number; bytes: number };
  embedder: { id: string; dimension: number; choice?: unknown };
  documents(): Generator<ExportedDocument>;
  close(): void;
}

export async function openSnapshotExport(dataDir: string): Promise<SnapshotExport> {
  const paths = libraryPaths(dataDir);
  const choice = await readFile(paths.embedderChoice, 'utf8').then((t) => JSON.parse(t) as unknown, () => undefined);
  const catalog = Catalog.open(paths.catalog);
  catalog.db.prepare('BEGIN').run();
  const closeAll = () => {
    if (catalog.db.inTransaction) catalog.db.prepare('COMMIT').run();
    catalog.close();
  };
  try {
    const counts = catalog.counts();
    const first = catalog.db.prepare('SELECT length(vector) AS n FROM chunks WHERE vector IS NOT NULL LIMIT 1').get() as { n: number } | undefined;
    const chunksOf = catalog.db.prepare('SELECT id, seq, start, end, text, vector FROM chunks WHERE document_id = ? ORDER BY seq');
    const origins = restoredOrigins(catalog);
    const docs = catalog.db.prepare(
      `SELECT id, path, folder, hash, type, size, mtime, title, ingested_at AS ingestedAt, chunk_count AS chunkCount FROM documents ORDER BY id`,
    );
    return {
      generation: catalog.generation(),
      stats: { documents: counts.documents, chunks: counts.chunks, bytes: counts.bytes },
      embedder: { id: catalog.getState('embedder') ?? '', dimension: first ? first.n / 4 : 0, ...(choice === undefined ? {} : { choice }) },
      *documents() {
        // All rows first: better-sqlite3 refuses other statements while an iterator is open.
        for (const document of docs.all() as DocumentRecord[]) {
          const rows = chunksOf.all(document.id) as (Omit<SnapshotChunk, 'vector'> & { vector: Buffer | null })[];
          const chunks = rows.map((r) => ({ ...r, vector: r.vector ? r.vector.toString('base64') : null }));
          const origin = origins.get(document.id);
          // Spread keeps the keys' order, so an unmoved restored document serialises exactly as it was stored.
          const asStored = origin?.path === document.path ? { ...document, path: origin.originalPath, folder: origin.originalFolder } : document;
          const record = Buffer.from(JSON.stringify({ document: asStored, chunks } satisfies DocumentSnapshotRecord), 'utf8');
          yield { document, record, content: () => readOriginal(document) };
        }
      },
      close: closeAll,
    };
  } catch (error) {
    closeAll();
    throw error;
  }
}

function restoredOrigins(catalog: Catalog): Map<number, RestoredOrigin> {
  const table = catalog.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'restored_origins'`).get();
  if (!table) return new Map();
  const rows = catalog.db.prepare('SELECT document_id AS id, path, original_path AS originalPath, original_folder AS originalFolder FROM restored_origins').all() as (RestoredOrigin & { id: number })[];
  return new Map(rows.map((r) => [r.id, r]));
}

async function readOriginal(document: DocumentRecord): Promise<Uint8Array | null> {
  const bytes = await readFile(document.path).catch(() => null);
  if (!bytes) return null;
  return createHash('sha256').update(bytes).digest('hex') === document.hash ? bytes : null;
}
