// The catalog's record shapes, apart from catalog.ts so that the modules holding its other queries
// (snapshot-rows.ts) can name them without importing the catalog back.
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
