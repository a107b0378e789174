// The catalog's document and chunk reads for search: which document each chunk belongs to, what a filter
// admits, and the chunks with their documents that become results. Apart from catalog.ts so the catalog
// keeps its writes readable; only the catalog creates it, and drops its chunk map on every change.
import type Database from 'better-sqlite3';
import { StatementCache } from '../kernel/fs/sqlite.ts';
import { CHUNK_COLUMNS, DOC_COLUMNS, type ChunkRecord, type DocumentRecord } from './catalog-records.ts';
import { filterCondition, type LibraryFilter } from './filter.ts';

export class CatalogDocumentReads {
  readonly #statements: StatementCache;
  /** Document id by chunk id (0: no such chunk), for filtered searches; kept until the next change. */
  #documentOfChunk: Int32Array | undefined;

  constructor(db: Database.Database) {
    this.#statements = new StatementCache(db);
  }

  #sql(sql: string): Database.Statement {
    return this.#statements.get(sql);
  }

  /** Forgets what was cached from the catalog's content: called by the catalog on every change. */
  forgetCached(): void {
    this.#documentOfChunk = undefined;
  }

  /** Chunks with their documents, for turning search hits into results, in one query. */
  chunksWithDocuments(chunkIds: readonly number[]): Map<number, { chunk: ChunkRecord; document: DocumentRecord }> {
    const rows = this.#sql(
      `SELECT ${CHUNK_COLUMNS}, ${DOC_COLUMNS.replace('d.id,', 'd.id AS docId,')}
       FROM json_each(?) j JOIN chunks c ON c.id = j.value JOIN documents d ON d.id = c.document_id`,
    ).all(JSON.stringify(chunkIds)) as (ChunkRecord & Omit<DocumentRecord, 'id'> & { docId: number })[];
    const out = new Map<number, { chunk: ChunkRecord; document: DocumentRecord }>();
    for (const r of rows) {
      const chunk: ChunkRecord = { id: r.id, documentId: r.documentId, seq: r.seq, start: r.start, end: r.end, text: r.text };
      const document: DocumentRecord = {
        id: r.docId,
        path: r.path,
        folder: r.folder,
        hash: r.hash,
        type: r.type,
        size: r.size,
        mtime: r.mtime,
        title: r.title,
        ingestedAt: r.ingestedAt,
        chunkCount: r.chunkCount,
      };
      out.set(r.id, { chunk, document });
    }
    return out;
  }

  /** The document of each chunk (no text), to pick the best chunk per document before loading any text. */
  documentIdsOf(chunkIds: readonly number[]): Map<number, number> {
    const rows = this.#sql('SELECT c.id, c.document_id AS documentId FROM json_each(?) j JOIN chunks c ON c.id = j.value').all(JSON.stringify(chunkIds)) as {
      id: number;
      documentId: number;
    }[];
    return new Map(rows.map((r) => [r.id, r.documentId]));
  }

  /** The path of each document, in one query (search reads the file names of its top documents). */
  pathsOf(documentIds: readonly number[]): Map<number, string> {
    const rows = this.#sql('SELECT d.id, d.path FROM json_each(?) j JOIN documents d ON d.id = j.value').raw().all(JSON.stringify(documentIds)) as [number, string][];
    return new Map(rows);
  }

  /** How many documents pass the filter, and how many chunks they hold together. */
  countMatching(filter: LibraryFilter): { documents: number; chunks: number } {
    const cond = filterCondition(filter);
    const row = this.#sql(`SELECT count(*) AS documents, coalesce(sum(d.chunk_count), 0) AS chunks FROM documents d WHERE ${cond.sql}`).get(...cond.params);
    return row as { documents: number; chunks: number };
  }

  /** Ids of the documents that pass the filter. */
  documentIdsMatching(filter: LibraryFilter): Set<number> {
    const cond = filterCondition(filter);
    return new Set(this.#sql(`SELECT d.id FROM documents d WHERE ${cond.sql}`).pluck().all(...cond.params) as number[]);
  }

  /**
   * Each chunk's document, indexed by chunk id: a filtered graph search checks every label it visits, and a
   * lookup here is cheaper than a set of every allowed chunk id. Built once per change from each document's
   * id range (a document's chunks are inserted together, so their ids run on), read from the chunks index.
   */
  documentOfChunk(): Int32Array {
    if (!this.#documentOfChunk) {
      const ranges = this.#sql('SELECT document_id, min(id), max(id), count(*) FROM chunks GROUP BY document_id').raw().all() as [number, number, number, number][];
      const map = new Int32Array(ranges.reduce((top, r) => Math.max(top, r[2]), 0) + 1);
      const idsOf = this.#sql('SELECT id FROM chunks WHERE document_id = ?').pluck();
      for (const [documentId, first, last, count] of ranges) {
        if (last - first + 1 === count) map.fill(documentId, first, last + 1);
        else for (const id of idsOf.all(documentId) as number[]) map[id] = documentId;
      }
      this.#documentOfChunk = map;
    }
    return this.#documentOfChunk;
  }

  /** The document's first chunk (lowest id), or undefined when it has none. */
  firstChunkOf(documentId: number): number | undefined {
    const first = this.#sql('SELECT min(id) FROM chunks WHERE document_id = ?').pluck().get(documentId) as number | null;
    return first ?? undefined;
  }
}
