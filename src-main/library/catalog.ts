// The library catalog in SQLite (WAL): documents, their chunks with stored vectors, and an FTS5 index
// kept in step by triggers. Every change is one transaction and bumps `generation`, which the vector
// index records when saved — a mismatch at start means the index missed a change and is rebuilt.
// The catalog owns the database and its writes; search's reads live in catalog-vector-reads.ts,
// catalog-keyword-reads.ts and catalog-document-reads.ts, and the catalog answers them by delegating.
import type Database from 'better-sqlite3';
import { openSqlite, StatementCache } from '../kernel/fs/sqlite.ts';
import { CatalogDocumentReads, type PassageWithDocument } from './catalog-document-reads.ts';
import { CatalogKeywordReads } from './catalog-keyword-reads.ts';
import { CHUNK_COLUMNS, DOC_COLUMNS } from './catalog-records.ts';
import { CatalogVectorReads, vectorBlob } from './catalog-vector-reads.ts';
import { filterCondition, type LibraryFilter } from './filter.ts';
import type { ChunkScope, DocumentChunkSpans } from '../search/index.ts';
import { KeywordHeadsTable } from './keyword-heads-table.ts';
import { RemovedChunkLog, type Removal } from './removed-chunks.ts';
import { migrate } from './schema.ts';
import { SnapshotRows } from './snapshot-rows.ts';
import type { ChunkRecord, DocumentRecord, DocumentStamp, NewChunk, NewDocument } from './catalog-records.ts';

export type { ChunkRecord, DocumentRecord, DocumentStamp, NewChunk, NewDocument } from './catalog-records.ts';

/** What a commit of one document did: its id, its chunks' ids (in order), and the chunks of the version it replaced. */
export interface StoredDocument {
  documentId: number;
  chunkIds: number[];
  removedChunkIds: number[];
  replaced: boolean;
}

export class Catalog {
  readonly db: Database.Database;
  readonly #statements: StatementCache;
  readonly keywordHeads: KeywordHeadsTable;
  /** Whole documents with their chunks, as a snapshot reads and a restore writes them. */
  readonly snapshots: SnapshotRows;
  readonly #vectorReads: CatalogVectorReads;
  readonly #keywordReads: CatalogKeywordReads;
  readonly #documentReads: CatalogDocumentReads;
  #chunkCount: number | undefined;
  #documentCount: number | undefined;
  /** The chunks removed, with their text, until the keyword heads caught up with them (kept in the catalog). */
  readonly #removed: RemovedChunkLog;

  private constructor(db: Database.Database) {
    this.db = db;
    this.#statements = new StatementCache(db);
    this.#removed = new RemovedChunkLog(db);
    this.keywordHeads = new KeywordHeadsTable(db, this.#removed);
    this.snapshots = new SnapshotRows(db);
    this.#vectorReads = new CatalogVectorReads(db);
    this.#keywordReads = new CatalogKeywordReads(db);
    this.#documentReads = new CatalogDocumentReads(db);
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
   * instead of counted again (a count of a million chunks takes 0.1–0.2 s), and the removed chunks' log
   * for the keyword heads is recorded with the change. Runs in the change's transaction.
   */
  #bump(change: { chunks: number; documents: number; removed?: Removal }): void {
    if (this.#chunkCount !== undefined) this.#chunkCount += change.chunks;
    if (this.#documentCount !== undefined) this.#documentCount += change.documents;
    this.#documentReads.forgetCached();
    this.#keywordReads.forgetCached();
    this.#sql(`UPDATE state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'`).run();
    if (change.removed) this.#removed.record(change.removed);
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
      const removed = this.#startRemoval();
      const stored = documents.map(({ doc, chunks }) => {
        const existing = this.documentByPath(doc.path);
        let removedChunkIds: number[] = [];
        if (existing) {
          removedChunkIds = removed.add(existing.id);
          this.#sql('DELETE FROM documents WHERE id = ?').run(existing.id);
        }
        const documentId = Number(
          insertDocument.run(doc.path, doc.folder, doc.hash, doc.type, doc.size, doc.mtime, doc.title, doc.ingestedAt, chunks.length).lastInsertRowid,
        );
        const chunkIds = chunks.map((c, seq) => Number(insert.run(documentId, seq, c.start, c.end, c.text, vectorBlob(c.vector)).lastInsertRowid));
        return { documentId, chunkIds, removedChunkIds, replaced: Boolean(existing) };
      });
      const added = stored.reduce((sum, s) => sum + s.chunkIds.length, 0);
      if (stored.length) this.#bump({ chunks: added - removed.ids.length, documents: stored.filter((s) => !s.replaced).length, removed });
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
      const removedChunks = this.#startRemoval();
      for (const id of ids) {
        const doc = this.getDocument(id);
        if (!doc) continue;
        removedChunks.add(id);
        this.#sql('DELETE FROM documents WHERE id = ?').run(id);
        removed.push(doc);
      }
      if (removed.length) this.#bump({ chunks: -removedChunks.ids.length, documents: -removed.length, removed: removedChunks });
      return { removed, removedChunkIds: removedChunks.ids };
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

  // Search's reads (SearchCatalog), each answered by the module that holds its SQL.

  chunksWithDocuments(chunkIds: readonly number[]): Map<number, PassageWithDocument> {
    return this.#documentReads.chunksWithDocuments(chunkIds);
  }

  documentIdsOf(chunkIds: readonly number[]): Map<number, number> {
    return this.#documentReads.documentIdsOf(chunkIds);
  }

  documentPathsOf(documentIds: readonly number[]): Map<number, string> {
    return this.#documentReads.pathsOf(documentIds);
  }

  countMatching(filter: LibraryFilter): { documents: number; chunks: number } {
    return this.#documentReads.countMatching(filter);
  }

  documentIdsMatching(filter: LibraryFilter): Set<number> {
    return this.#documentReads.documentIdsMatching(filter);
  }

  documentOfChunk(): Int32Array {
    return this.#documentReads.documentOfChunk();
  }

  documentChunkSpans(): DocumentChunkSpans {
    return this.#documentReads.documentChunkSpans();
  }

  firstChunkOf(documentId: number): number | undefined {
    return this.#documentReads.firstChunkOf(documentId);
  }

  termDocumentCounts(terms: readonly string[], cap: number): Map<string, number> {
    return this.#keywordReads.termDocumentCounts(terms, cap);
  }

  keywordSearch(match: string, limit: number): { chunkId: number; bm25: number }[] {
    return this.#keywordReads.keywordSearch(match, limit);
  }

  keywordSearchWithin(match: string, limit: number, scope: ChunkScope): { chunkId: number; bm25: number }[] {
    return this.#keywordReads.keywordSearchWithin(match, limit, scope);
  }

  keywordScores(match: string): { ids: number[]; scores: Float64Array } {
    return this.#keywordReads.keywordScores(match);
  }

  keywordMatches(match: string, limit: number): number[] {
    return this.#keywordReads.keywordMatches(match, limit);
  }

  documentTermCount(term: string): number {
    return this.#keywordReads.documentTermCount(term);
  }

  documentMatchCount(match: string, cap: number): number {
    return this.#keywordReads.documentMatchCount(match, cap);
  }

  documentKeywordSearch(match: string, fields: readonly [number, number, number], limit: number): { documentId: number; bm25: number }[] {
    return this.#keywordReads.documentKeywordSearch(match, fields, limit);
  }

  vectorsOf(documentIds: Iterable<number>): Generator<{ id: number; vector: Float32Array }> {
    return this.#vectorReads.vectorsOf(documentIds);
  }

  vectorsOfChunks(chunkIds: readonly number[]): Map<number, Float32Array> {
    return this.#vectorReads.vectorsOfChunks(chunkIds);
  }

  vectors(afterId = 0): Generator<{ id: number; vector: Float32Array }> {
    return this.#vectorReads.vectors(afterId);
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
      this.#bump({ chunks: 0, documents: 0 });
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

  /** The log of the chunks a change is about to remove (in its transaction: the change makes the next generation). */
  #startRemoval(): Removal {
    return this.#removed.start(this.generation() + 1);
  }
}
