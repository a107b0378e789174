// The library catalog in SQLite (WAL): documents, their chunks with stored vectors, and an FTS5 index
// kept in step by triggers. Every change is one transaction and bumps `generation`, which the vector
// index records when saved — a mismatch at start means the index missed a change and is rebuilt.
import type Database from 'better-sqlite3';
import { openSqlite, StatementCache } from '../kernel/fs/sqlite.ts';
import { quoteTerm } from '../search/index.ts';
import { filterCondition, type LibraryFilter } from './filter.ts';
import { KeywordHeadsTable } from './keyword-heads-table.ts';
import { RemovedChunkLog, type RemovedChunk } from './removed-chunks.ts';
import { migrate } from './schema.ts';
import { SnapshotRows } from './snapshot-rows.ts';
import type { ChunkRecord, DocumentRecord, DocumentStamp, NewChunk, NewDocument } from './catalog-records.ts';

/** Chunk ids per statement when reading a search's candidates' vectors (the vector half asks for 50). */
const VECTOR_READ_BATCH = 64;
/** Vectors read per query by `vectors()`. */
const VECTOR_PAGE = 1000;

export type { ChunkRecord, DocumentRecord, DocumentStamp, NewChunk, NewDocument } from './catalog-records.ts';

/** What a commit of one document did: its id, its chunks' ids (in order), and the chunks of the version it replaced. */
export interface StoredDocument {
  documentId: number;
  chunkIds: number[];
  removedChunkIds: number[];
  replaced: boolean;
}

const DOC_COLUMNS = `d.id, d.path, d.folder, d.hash, d.type, d.size, d.mtime, d.title, d.ingested_at AS ingestedAt, d.chunk_count AS chunkCount`;
const CHUNK_COLUMNS = `c.id, c.document_id AS documentId, c.seq, c.start, c.end, c.text`;

export class Catalog {
  readonly db: Database.Database;
  readonly #statements: StatementCache;
  readonly keywordHeads: KeywordHeadsTable;
  /** Whole documents with their chunks, as a snapshot reads and a restore writes them. */
  readonly snapshots: SnapshotRows;
  #chunkCount: number | undefined;
  #documentCount: number | undefined;
  /** Term counts for keyword search, kept until the next change. */
  readonly #termCounts = new Map<string, number>();
  /** Document id by chunk id (0: no such chunk), for filtered searches; kept until the next change. */
  #documentOfChunk: Int32Array | undefined;
  /** The chunks removed since opening, with their text, until the keyword heads caught up with them. */
  readonly #removed: RemovedChunkLog;

  private constructor(db: Database.Database) {
    this.db = db;
    this.#statements = new StatementCache(db);
    this.#removed = new RemovedChunkLog(this.generation());
    this.keywordHeads = new KeywordHeadsTable(db, this.#removed);
    this.snapshots = new SnapshotRows(db);
  }

  #sql(sql: string): Database.Statement {
    return this.#statements.get(sql);
  }

  static open(file: string): Catalog {
    const db = openSqlite(file, 'NORMAL'); // durable at each WAL checkpoint; a power cut loses at most the last commits
    db.pragma('foreign_keys = ON');
    migrate(db);
    return new Catalog(db);
  }

  isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  generation(): number {
    return Number(this.getState('generation') ?? 0);
  }

  getState(key: string): string | undefined {
    const row = this.#sql('SELECT value FROM state WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setState(key: string, value: string): void {
    this.#sql('INSERT INTO state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /**
   * Marks a change of content: a new generation, the caches dropped. The counts are moved by the change
   * instead of counted again (a count of a million chunks takes 0.1–0.2 s), and the removed chunks are
   * logged for the keyword heads.
   */
  #bump(change: { chunks: number; documents: number; removed: readonly RemovedChunk[] }): void {
    if (this.#chunkCount !== undefined) this.#chunkCount += change.chunks;
    if (this.#documentCount !== undefined) this.#documentCount += change.documents;
    this.#documentOfChunk = undefined;
    this.#termCounts.clear();
    this.#sql(`UPDATE state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'`).run();
    this.#removed.record(this.generation(), change.removed);
  }

  documentByPath(path: string): DocumentRecord | undefined {
    return this.#sql(`SELECT ${DOC_COLUMNS} FROM documents d WHERE d.path = ?`).get(path) as DocumentRecord | undefined;
  }

  getDocument(id: number): DocumentRecord | undefined {
    return this.#sql(`SELECT ${DOC_COLUMNS} FROM documents d WHERE d.id = ?`).get(id) as DocumentRecord | undefined;
  }

  chunksOf(documentId: number): ChunkRecord[] {
    return this.#sql(`SELECT ${CHUNK_COLUMNS} FROM chunks c WHERE c.document_id = ? ORDER BY c.seq`).all(documentId) as ChunkRecord[];
  }

  /** Inserts or replaces a document and all its chunks atomically. */
  putDocument(doc: NewDocument, chunks: NewChunk[]): StoredDocument {
    return this.putDocuments([{ doc, chunks }])[0] as StoredDocument;
  }

  /**
   * Inserts or replaces several documents with all their chunks in one transaction: all of them are in, or
   * (a crash, an error) none. One commit per batch instead of per document is what keeps ingest's pace as
   * the library grows: each commit rewrites the same B-tree pages and leaves FTS5 a segment to merge.
   */
  putDocuments(documents: readonly { doc: NewDocument; chunks: readonly NewChunk[] }[]): StoredDocument[] {
    return this.db.transaction(() => {
      const insertDocument = this.#sql(
        `INSERT INTO documents (path, folder, hash, type, size, mtime, title, ingested_at, chunk_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const insert = this.#sql('INSERT INTO chunks (document_id, seq, start, end, text, vector) VALUES (?, ?, ?, ?, ?, ?)');
      const removed: RemovedChunk[] = [];
      const stored = documents.map(({ doc, chunks }) => {
        const existing = this.documentByPath(doc.path);
        let removedChunkIds: number[] = [];
        if (existing) {
          const old = this.#chunksWithText(existing.id);
          removed.push(...old);
          removedChunkIds = old.map((c) => c.id);
          this.#sql('DELETE FROM documents WHERE id = ?').run(existing.id);
        }
        const documentId = Number(
          insertDocument.run(doc.path, doc.folder, doc.hash, doc.type, doc.size, doc.mtime, doc.title, doc.ingestedAt, chunks.length).lastInsertRowid,
        );
        const chunkIds = chunks.map((c, seq) => Number(insert.run(documentId, seq, c.start, c.end, c.text, vectorBlob(c.vector)).lastInsertRowid));
        return { documentId, chunkIds, removedChunkIds, replaced: Boolean(existing) };
      });
      const added = stored.reduce((sum, s) => sum + s.chunkIds.length, 0);
      if (stored.length) this.#bump({ chunks: added - removed.length, documents: stored.filter((s) => !s.replaced).length, removed });
      return stored;
    })();
  }

  /** Records a new mtime for a document whose content did not change (no index impact, no bump). */
  touchDocument(id: number, mtime: number): void {
    this.#sql('UPDATE documents SET mtime = ? WHERE id = ?').run(mtime, id);
  }

  removeDocuments(ids: readonly number[]): { removed: DocumentRecord[]; removedChunkIds: number[] } {
    return this.db.transaction(() => {
      const removed: DocumentRecord[] = [];
      const removedChunks: RemovedChunk[] = [];
      for (const id of ids) {
        const doc = this.getDocument(id);
        if (!doc) continue;
        removedChunks.push(...this.#chunksWithText(id));
        this.#sql('DELETE FROM documents WHERE id = ?').run(id);
        removed.push(doc);
      }
      if (removed.length) this.#bump({ chunks: -removedChunks.length, documents: -removed.length, removed: removedChunks });
      return { removed, removedChunkIds: removedChunks.map((c) => c.id) };
    })();
  }

  listDocuments(options: { filter?: LibraryFilter; text?: string; sort?: 'path' | 'modified' | 'ingested'; offset?: number; limit?: number }): {
    documents: DocumentRecord[];
    total: number;
  } {
    const cond = filterCondition(options.filter);
    let where = cond.sql;
    const params: (string | number)[] = [...cond.params];
    if (options.text?.trim()) {
      where += ` AND (instr(lower(d.title), ?) > 0 OR instr(lower(d.path), ?) > 0)`;
      const needle = options.text.trim().toLowerCase();
      params.push(needle, needle);
    }
    const order = { path: 'd.path', modified: 'd.mtime DESC, d.path', ingested: 'd.ingested_at DESC, d.path' }[options.sort ?? 'path'];
    const total = (this.#sql(`SELECT count(*) AS n FROM documents d WHERE ${where}`).get(...params) as { n: number }).n;
    const documents = this.#sql(`SELECT ${DOC_COLUMNS} FROM documents d WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, options.limit ?? 50, options.offset ?? 0) as DocumentRecord[];
    return { documents, total };
  }

  /** Folders holding documents directly, with their counts, by path; at most `limit`, and how many there are. */
  folders(limit: number): { folders: { folder: string; documents: number }[]; total: number } {
    const total = (this.#sql('SELECT count(DISTINCT folder) AS n FROM documents').get() as { n: number }).n;
    const folders = this.#sql('SELECT folder, count(*) AS documents FROM documents GROUP BY folder ORDER BY folder LIMIT ?').all(limit) as { folder: string; documents: number }[];
    return { folders, total };
  }

  allDocumentPaths(): { id: number; path: string }[] {
    return this.#sql('SELECT id, path FROM documents ORDER BY path').all() as { id: number; path: string }[];
  }

  /** What a folder sync compares with the disk: each document under `folder` with its size and modification time. */
  documentStamps(folder: string): DocumentStamp[] {
    const where = filterCondition({ folder });
    return this.#sql(`SELECT d.id, d.path, d.size, d.mtime FROM documents d WHERE ${where.sql}`).all(...where.params) as DocumentStamp[];
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

  /** How many chunks there are; cached between changes because search asks on every query. */
  chunkCount(): number {
    this.#chunkCount ??= (this.#sql('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
    return this.#chunkCount;
  }

  /** How many documents there are; cached between changes like chunkCount. */
  documentCount(): number {
    this.#documentCount ??= (this.#sql('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    return this.#documentCount;
  }

  /**
   * In how many chunks each term occurs, counted up to `cap`: past that a term is "common" and the exact
   * number does not matter, and stopping there keeps "the" from costing a walk over every chunk.
   */
  termDocumentCounts(terms: readonly string[], cap: number): Map<string, number> {
    const out = new Map<string, number>();
    const count = this.#sql('SELECT count(*) AS n FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)');
    for (const term of terms) {
      const key = `${cap}:${term}`;
      let n = this.#termCounts.get(key);
      if (n === undefined) {
        n = (count.get(quoteTerm(term), cap) as { n: number }).n;
        if (this.#termCounts.size > 100_000) this.#termCounts.clear();
        this.#termCounts.set(key, n);
      }
      out.set(term, n);
    }
    return out;
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

  /** The stored vectors of the given documents' chunks. */
  *vectorsOf(documentIds: Iterable<number>): Generator<{ id: number; vector: Float32Array }> {
    const ofDocument = this.#sql('SELECT id, vector FROM chunks WHERE document_id = ? AND vector IS NOT NULL');
    for (const documentId of documentIds) {
      for (const row of ofDocument.all(documentId) as { id: number; vector: Buffer }[]) yield { id: row.id, vector: blobVector(row.vector) };
    }
  }

  /**
   * The stored vectors of the given chunks (those that have one): a graph's candidates, scored again exactly. One
   * statement per VECTOR_READ_BATCH ids (padded with an id no chunk has, so one prepared statement serves all):
   * SQLite then visits the rows in id order, 50 of a million chunks in 0.07 ms instead of 0.7 ms a row at a time.
   */
  vectorsOfChunks(chunkIds: readonly number[]): Map<number, Float32Array> {
    const slots = Array.from({ length: VECTOR_READ_BATCH }, () => '?').join(',');
    const ofChunks = this.#sql(`SELECT id, vector FROM chunks WHERE id IN (${slots}) AND vector IS NOT NULL`);
    const vectors = new Map<number, Float32Array>();
    for (let from = 0; from < chunkIds.length; from += VECTOR_READ_BATCH) {
      const ids = chunkIds.slice(from, from + VECTOR_READ_BATCH);
      const padded = ids.length === VECTOR_READ_BATCH ? ids : [...ids, ...Array.from({ length: VECTOR_READ_BATCH - ids.length }, () => -1)];
      for (const row of ofChunks.all(...padded) as { id: number; vector: Buffer }[]) vectors.set(row.id, blobVector(row.vector));
    }
    return vectors;
  }

  /** FTS5 matches ranked by bm25 (lower is better). Filters are applied by the caller (see search/filter-scope.ts). */
  keywordSearch(match: string, limit: number): { chunkId: number; bm25: number }[] {
    // bm25() as an expression, not the `rank` column: the same order, and about a third less time per
    // scored posting at 100k chunks (FTS5 routes `rank` through its configurable ranking machinery).
    const sql = 'SELECT rowid AS chunkId, bm25(chunks_fts) AS bm25 FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25 LIMIT ?';
    return this.#sql(sql).all(match, limit) as { chunkId: number; bm25: number }[];
  }

  /**
   * Every FTS5 match with its bm25 score, in no order, as two arrays: for adding up per-term scores, where
   * sorting and a row object per match would cost as much as the scoring itself.
   */
  keywordScores(match: string): { ids: number[]; scores: Float64Array } {
    const rows = this.#sql('SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ?').raw(true).all(match) as [number, number][];
    return { ids: rows.map((r) => r[0]), scores: Float64Array.from(rows, (r) => r[1]) };
  }

  /** Up to `limit` chunks matching `match`, unranked (no bm25: FTS5 walks only the postings it needs). */
  keywordMatches(match: string, limit: number): number[] {
    return this.#sql('SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?').pluck().all(match, limit) as number[];
  }

  /** How many documents documents_fts finds the FTS5 query in, counted up to `cap` (a common word costs no more). */
  documentMatchCount(match: string, cap: number): number {
    return this.#sql('SELECT count(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)').pluck().get(match, cap) as number;
  }

  /** Up to `limit` documents best first by bm25 over whole documents (documents_fts), with column weights title, path, body. */
  documentKeywordSearch(match: string, fields: readonly [number, number, number], limit: number): { documentId: number; bm25: number }[] {
    const sql = 'SELECT rowid AS documentId, bm25(documents_fts, ?, ?, ?) AS bm25 FROM documents_fts WHERE documents_fts MATCH ? ORDER BY bm25 LIMIT ?';
    return this.#sql(sql).all(...fields, match, limit) as { documentId: number; bm25: number }[];
  }

  /** The document's first chunk (lowest id), or undefined when it has none. */
  firstChunkOf(documentId: number): number | undefined {
    const first = this.#sql('SELECT min(id) FROM chunks WHERE document_id = ?').pluck().get(documentId) as number | null;
    return first ?? undefined;
  }

  /**
   * Every stored vector in id order, for rebuilding the index without re-embedding. Read a page at a time, so
   * no statement stays open while the caller works: a rebuild yields to the event loop between inserts, and
   * SQLite refuses writes on a connection with a query still open.
   */
  *vectors(afterId = 0): Generator<{ id: number; vector: Float32Array }> {
    const page = this.#sql(`SELECT id, vector FROM chunks WHERE id > ? AND vector IS NOT NULL ORDER BY id LIMIT ${VECTOR_PAGE}`);
    for (let after = afterId; ; ) {
      const rows = page.all(after) as { id: number; vector: Buffer }[];
      for (const row of rows) yield { id: row.id, vector: blobVector(row.vector) };
      if (rows.length < VECTOR_PAGE) return;
      after = rows.at(-1)?.id ?? after;
    }
  }

  /**
   * Every chunk id up to `maxId`, ascending: what a saved graph may still hold. Read from the chunks' document
   * index, which holds ids without the rows' text and vectors (a tenth of the pages to read).
   */
  chunkIdsUpTo(maxId: number): Float64Array {
    const ids = this.#sql('SELECT id FROM chunks INDEXED BY chunks_document WHERE id <= ?').pluck().all(maxId) as number[];
    return Float64Array.from(ids).sort();
  }

  /** Chunk ids and texts in id order, paged, for re-embedding. */
  chunkTexts(afterId: number, limit: number): { id: number; text: string }[] {
    return this.#sql('SELECT id, text FROM chunks WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as { id: number; text: string }[];
  }

  /** Stages re-embedded vectors; nothing visible changes until commitPendingVectors. */
  stagePendingVectors(entries: readonly { id: number; vector: Float32Array | null }[]): void {
    this.db.transaction(() => {
      const insert = this.#sql('INSERT OR REPLACE INTO pending_vectors (id, vector) VALUES (?, ?)');
      for (const e of entries) insert.run(e.id, vectorBlob(e.vector));
    })();
  }

  discardPendingVectors(): void {
    this.#sql('DELETE FROM pending_vectors').run();
  }

  /** Swaps every staged vector in and records which embedder made them, atomically. */
  commitPendingVectors(embedderId: string): void {
    this.db.transaction(() => {
      this.#sql('UPDATE chunks SET vector = (SELECT p.vector FROM pending_vectors p WHERE p.id = chunks.id)').run();
      this.#sql('DELETE FROM pending_vectors').run();
      this.setState('embedder', embedderId);
      this.#bump({ chunks: 0, documents: 0, removed: [] });
    })();
  }

  counts(): { documents: number; chunks: number; bytes: number; byType: Record<string, number>; lastIngestAt: number | null } {
    const docs = this.#sql('SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes, max(ingested_at) AS last FROM documents').get() as {
      n: number;
      bytes: number;
      last: number | null;
    };
    const chunks = (this.#sql('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
    const byType = Object.fromEntries(
      (this.#sql('SELECT type, count(*) AS n FROM documents GROUP BY type').all() as { type: string; n: number }[]).map((r) => [r.type, r.n]),
    );
    return { documents: docs.n, chunks, bytes: docs.bytes, byType, lastIngestAt: docs.last };
  }

  /** A document's chunks with their text, read before they are deleted (the keyword heads need their words). */
  #chunksWithText(documentId: number): RemovedChunk[] {
    return this.#sql('SELECT id, text FROM chunks WHERE document_id = ?').all(documentId) as RemovedChunk[];
  }
}

function vectorBlob(vector: Float32Array | null): Buffer | null {
  return vector ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength) : null;
}

function blobVector(blob: Buffer): Float32Array {
  const copy = new Float32Array(blob.byteLength / 4);
  new Uint8Array(copy.buffer).set(blob);
  return copy;
}
