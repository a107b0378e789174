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
  const rows = catalog.snapshots;
  rows.beginRead();
  const closeAll = () => {
    rows.endRead();
    catalog.close();
  };
  try {
    const counts = catalog.counts();
    const origins = rows.restoredOrigins();
    return {
      generation: catalog.generation(),
      stats: { documents: counts.documents, chunks: counts.chunks, bytes: counts.bytes },
      embedder: { id: catalog.getState('embedder') ?? '', dimension: rows.vectorBytes() / 4, ...(choice === undefined ? {} : { choice }) },
      *documents() {
        // All rows first: better-sqlite3 refuses other statements while an iterator is open.
        for (const document of rows.documents()) {
          const chunks = rows.chunksOf(document.id).map((r) => ({ ...r, vector: r.vector ? r.vector.toString('base64') : null }));
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

async function readOriginal(document: DocumentRecord): Promise<Uint8Array | null> {
  const bytes = await readFile(document.path).catch(() => null);
  if (!bytes) return null;
  return createHash('sha256').update(bytes).digest('hex') === document.hash ? bytes : null;
}
