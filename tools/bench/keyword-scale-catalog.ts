// A catalog of the library benchmark's generated text, built straight into SQLite (no embedding, no graph)
// and kept under the system's temp folder, keyed by size: the keyword half can then be timed at a million
// chunks in minutes instead of the library benchmark's hour of ingest.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WordVectorEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { Catalog, type NewChunk, type NewDocument } from '../../src-main/library/catalog.ts';
import { chunkText } from '../../src-main/library/chunker.ts';
import { CHUNKS_PER_DOC, Corpus, LIBRARY_QUERIES } from './library.bench.ts';

/** Bumped when what is built changes, so an older cache is built anew. */
const FORMAT = 1;
/** Documents per transaction: one commit per batch, as ingest does, only larger. */
const BATCH_DOCUMENTS = 1000;

export interface ScaleCatalog {
  file: string;
  chunks: number;
  documents: number;
  /** The library benchmark's queries for a library of this size. */
  queries: string[];
  /** Seconds the catalog took to build (when it was built, not when read from the cache). */
  buildSeconds: number;
  cached: boolean;
}

/**
 * The catalog for a library of about `targetChunks` chunks: the same documents, in the same order, with
 * the same queries as `npm run bench library` at that size (the generator is deterministic).
 */
export async function scaleCatalog(embedder: WordVectorEmbedder, targetChunks: number): Promise<ScaleCatalog> {
  const dir = join(tmpdir(), 'pdw-keyword-scale', `v${FORMAT}-${targetChunks}`);
  const file = join(dir, 'catalog.sqlite');
  const metaFile = join(dir, 'meta.json');
  if (existsSync(metaFile)) {
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as Omit<ScaleCatalog, 'file' | 'cached'>;
    return { ...meta, file, cached: true };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const corpus = new Corpus(embedder, targetChunks);
  const documents = Math.ceil(targetChunks / CHUNKS_PER_DOC);
  const samples: string[] = [];
  const catalog = Catalog.open(file);
  try {
    let batch: { doc: NewDocument; chunks: NewChunk[] }[] = [];
    for (let d = 0; d < documents; d++) {
      const text = corpus.document();
      if (d % Math.max(1, Math.floor(documents / LIBRARY_QUERIES)) === 0) samples.push(text.slice(0, 600));
      batch.push(documentOf(d, text));
      if (batch.length === BATCH_DOCUMENTS || d === documents - 1) {
        catalog.putDocuments(batch);
        batch = [];
      }
    }
    const queries = samples.slice(0, LIBRARY_QUERIES).map((text, i) => corpus.queryFrom(text, 2 + (i % 4)));
    const meta = { chunks: catalog.chunkCount(), documents, queries, buildSeconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
    catalog.db.pragma('wal_checkpoint(TRUNCATE)');
    await writeFile(metaFile, JSON.stringify(meta));
    return { ...meta, file, cached: false };
  } finally {
    catalog.close();
  }
}

/** A generated document as ingest would store a text file of it (title: its first line, cut as extraction cuts it). */
function documentOf(d: number, text: string): { doc: NewDocument; chunks: NewChunk[] } {
  const folder = `/library/docs/folder-${d % 50}`;
  const firstLine = (text.split('\n')[0] ?? '').trim();
  const doc: NewDocument = {
    path: `${folder}/doc-${d}.txt`,
    folder,
    hash: `generated-${d}`,
    type: 'text',
    size: Buffer.byteLength(text),
    mtime: 1_700_000_000_000 + d,
    title: firstLine.length > 120 ? `${firstLine.slice(0, 117)}…` : firstLine,
    ingestedAt: 1_700_000_000_000,
  };
  return { doc, chunks: chunkText(text).map((c) => ({ ...c, vector: null })) };
}
