// The catalog's record shapes and the columns that read them, apart from catalog.ts so that the modules
// holding its other queries (snapshot-rows.ts, catalog-document-reads.ts) can name them without importing the catalog back.
import type { DocType } from '../../src-shared/contract/library.ts';

export interface DocumentStamp {
  id: number;
  path: string;
  size: number;
  mtime: number;
}

export interface DocumentRecord {
  id: number;
  path: string;
  folder: string;
  hash: string;
  type: DocType;
  size: number;
  mtime: number;
  title: string;
  ingestedAt: number;
  chunkCount: number;
}

export interface ChunkRecord {
  id: number;
  documentId: number;
  seq: number;
  start: number;
  end: number;
  text: string;
}

export interface NewChunk {
  start: number;
  end: number;
  text: string;
  vector: Float32Array | null;
}

export type NewDocument = Omit<DocumentRecord, 'id' | 'chunkCount'>;

/** The columns that make a DocumentRecord, from `documents d`. */
export const DOC_COLUMNS = `d.id, d.path, d.folder, d.hash, d.type, d.size, d.mtime, d.title, d.ingested_at AS ingestedAt, d.chunk_count AS chunkCount`;
/** The columns that make a ChunkRecord, from `chunks c`. */
export const CHUNK_COLUMNS = `c.id, c.document_id AS documentId, c.seq, c.start, c.end, c.text`;
