// The catalog's document and chunk reads for search: which document each chunk belongs to, what a filter
// admits, and the chunks with their documents that become results. Apart from catalog.ts so the catalog
// keeps its writes readable; only the catalog creates it, and drops its chunk map on every change.
import type Database from 'better-sqlite3';
import { StatementCache } from '../kernel/fs/sqlite.ts';
import type { DocType } from '../../src-shared/contract/library.ts';
import type { DocumentRecord } from './catalog-records.ts';
import { filterCondition, type LibraryFilter } from './filter.ts';
import type { DocumentChunkSpans } from '../search/index.ts';

/** A chunk's text with what a search result shows of its document. */
export interface PassageWithDocument {
  chunk: { text: string };
  document: Pick<DocumentRecord, 'id' | 'path' | 'title' | 'type' | 'mtime'>;
}

export class CatalogDocumentReads {
  readonly #statements: StatementCache;
  /**
   * Document id by chunk id (0: no such chunk) and each document's lowest and highest chunk id, for filtered
   * searches; kept until the next change.
   */
  #chunkLayout: { documentOf: Int32Array; spans: DocumentChunkSpans } | undefined;

  constructor(db: Database.Database) {
    this.#statements = new StatementCache(db);
  }

  #sql(sql: string): Database.Statement {
    return this.#statements.get(sql);
  }

  /** Forgets what was cached from the catalog's content: called by the catalog on every change. */
  forgetCached(): void {
    this.#chunkLayout = undefined;
  }

  /**
   * The text of each chunk with the fields of its document a search result shows, in one query. Rows come as
   * arrays with those columns only: the search reads a few dozen, on the thread that answers it.
   */
  chunksWithDocuments(chunkIds: readonly number[]): Map<number, PassageWithDocument> {
    const rows = this.#sql(
      `SELECT c.id, c.text, d.id, d.path, d.title, d.type, d.mtime
       FROM json_each(?) j JOIN chunks c ON c.id = j.value JOIN documents d ON d.id = c.document_id`,
    )
      .raw()
      .all(JSON.stringify(chunkIds)) as [number, string, number, string, string, DocType, number][];
    const out = new Map<number, PassageWithDocument>();
    for (const [id, text, documentId, path, title, type, mtime] of rows) out.set(id, { chunk: { text }, document: { id: documentId, path, title, type, mtime } });
    return out;
  }

  /** The document of each chunk (no text), to pick the best chunk per document before loading any text. */
  documentIdsOf(chunkIds: readonly number[]): Map<number, number> {
    const rows = this.#sql('SELECT c.id, c.document_id FROM json_each(?) j JOIN chunks c ON c.id = j.value').raw().all(JSON.stringify(chunkIds)) as [number, number][];
    return new Map(rows);
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
    return this.#layout().documentOf;
  }

  /**
   * Each document's lowest and highest chunk id, indexed by document id: where a filtered keyword search finds
   * its scope's chunks without a pass over every chunk. Ids of other documents may lie between the two when a
   * document's chunks were not inserted together (the chunk → document map tells).
   */
  documentChunkSpans(): DocumentChunkSpans {
    return this.#layout().spans;
  }

  #layout(): { documentOf: Int32Array; spans: DocumentChunkSpans } {
    if (this.#chunkLayout) return this.#chunkLayout;
    const ranges = this.#sql('SELECT document_id, min(id), max(id), count(*) FROM chunks GROUP BY document_id').raw().all() as [number, number, number, number][];
    const map = new Int32Array(ranges.reduce((top, r) => Math.max(top, r[2]), 0) + 1);
    const spans = ranges.reduce((top, r) => Math.max(top, r[0]), 0) + 1;
    const first = new Int32Array(spans);
    const last = new Int32Array(spans);
    const idsOf = this.#sql('SELECT id FROM chunks WHERE document_id = ?').pluck();
    for (const [documentId, low, high, count] of ranges) {
      first[documentId] = low;
      last[documentId] = high;
      if (high - low + 1 === count) map.fill(documentId, low, high + 1);
      else for (const id of idsOf.all(documentId) as number[]) map[id] = documentId;
    }
    return (this.#chunkLayout = { documentOf: map, spans: { first, last } });
  }

  /** The document's first chunk (lowest id), or undefined when it has none. */
  firstChunkOf(documentId: number): number | undefined {
    const first = this.#sql('SELECT min(id) FROM chunks WHERE document_id = ?').pluck().get(documentId) as number | null;
    return first ?? undefined;
  }
}
