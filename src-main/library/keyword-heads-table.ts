// The catalog's SQL for search's keyword heads (search/keyword-heads.ts decides what goes in them): the
// table they are stored in, and the FTS5 vocabulary and counts they are built from. Kept apart from
// catalog.ts so the catalog's own queries stay readable; only the catalog creates it.
import type Database from 'better-sqlite3';
import { StatementCache } from '../kernel/fs/sqlite.ts';
import type { KeywordHeadStore, StoredHead } from '../search/index.ts';
import type { RemovedChunk, RemovedChunkLog } from './removed-chunks.ts';

export class KeywordHeadsTable implements KeywordHeadStore {
  readonly #db: Database.Database;
  readonly #statements: StatementCache;
  readonly #removed: RemovedChunkLog;

  constructor(db: Database.Database, removed: RemovedChunkLog) {
    this.#db = db;
    this.#statements = new StatementCache(db);
    this.#removed = removed;
  }

  inTransaction(work: () => void): void {
    this.#db.transaction(work)();
  }

  head(term: string): StoredHead | undefined {
    const row = this.#statements.get('SELECT postings, chunk_ids, scores FROM keyword_heads WHERE term = ?').get(term) as
      | { postings: number; chunk_ids: Buffer; scores: Buffer }
      | undefined;
    return row && { postings: row.postings, chunkIds: row.chunk_ids, scores: row.scores };
  }

  deleteSome(count: number): number {
    return this.#statements.get('DELETE FROM keyword_heads WHERE term IN (SELECT term FROM keyword_heads LIMIT ?)').run(count).changes;
  }

  put(term: string, head: StoredHead): void {
    const sql = 'INSERT OR REPLACE INTO keyword_heads (term, postings, chunk_ids, scores) VALUES (?, ?, ?, ?)';
    this.#statements.get(sql).run(term, head.postings, head.chunkIds, head.scores);
  }

  storedPostings(term: string): number | undefined {
    // The count is read from the row's first bytes: its id and score blobs are not.
    return this.#statements.get('SELECT postings FROM keyword_heads WHERE term = ?').pluck().get(term) as number | undefined;
  }

  storedTermsOver(postings: number): { term: string; postings: number }[] {
    return this.#statements.get('SELECT term, postings FROM keyword_heads WHERE postings > ?').all(postings) as { term: string; postings: number }[];
  }

  putMerged(term: string, head: StoredHead): void {
    this.inTransaction(() => {
      this.put(term, head);
      this.#statements.get('INSERT OR IGNORE INTO keyword_heads_merged (term) VALUES (?)').run(term);
    });
  }

  wasMerged(term: string): boolean {
    return this.#statements.get('SELECT 1 FROM keyword_heads_merged WHERE term = ?').get(term) !== undefined;
  }

  removedSince(generation: number): RemovedChunk[] | null {
    return this.#removed.since(generation);
  }

  caughtUp(generation: number): void {
    this.#removed.forget(generation);
    this.#statements.get('DELETE FROM keyword_heads_merged').run();
  }

  delete(term: string): void {
    this.#statements.get('DELETE FROM keyword_heads WHERE term = ?').run(term);
  }

  storedTerms(after: string, limit: number): { term: string; postings: number }[] {
    return this.#statements.get('SELECT term, postings FROM keyword_heads WHERE term > ? ORDER BY term LIMIT ?').all(after, limit) as { term: string; postings: number }[];
  }

  termChunks(term: string): number {
    const row = this.#statements.get('SELECT doc FROM chunks_vocab WHERE term = ?').get(term) as { doc: number } | undefined;
    return row?.doc ?? 0;
  }

  lastChunkId(): number {
    return (this.#statements.get("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'chunks'), 0) AS id").get() as { id: number }).id;
  }

  chunksAfter(afterId: number): number {
    return (this.#statements.get('SELECT count(*) AS n FROM chunks WHERE id > ?').get(afterId) as { n: number }).n;
  }

  chunkTextsAfter(afterId: number, limit: number): { id: number; text: string }[] {
    return this.#statements.get('SELECT id, text FROM chunks WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as { id: number; text: string }[];
  }

  vocabulary(after: string, limit: number): { term: string; chunks: number }[] {
    return this.#statements.get('SELECT term, doc AS chunks FROM chunks_vocab WHERE term > ? ORDER BY term LIMIT ?').all(after, limit) as { term: string; chunks: number }[];
  }

  scoresAfter(match: string, afterId: number): { chunkId: number; bm25: number }[] {
    // FTS5 seeks its posting lists to the rowid bound: only the chunks above it are scored.
    const sql = 'SELECT rowid AS chunkId, bm25(chunks_fts) AS bm25 FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid > ?';
    return this.#statements.get(sql).all(match, afterId) as { chunkId: number; bm25: number }[];
  }

  ftsTotals(): { rows: number; tokens: number } {
    // FTS5's averages record (id 1 of its data table): the row count, then each column's token total, as varints.
    const block = this.#statements.get('SELECT block FROM chunks_fts_data WHERE id = 1').pluck().get() as Buffer | undefined;
    if (!block) return { rows: 0, tokens: 0 };
    const [rows, next] = readVarint(block, 0);
    return { rows, tokens: readVarint(block, next)[0] };
  }

  chunkTokens(chunkId: number): number | undefined {
    const size = this.#statements.get('SELECT sz FROM chunks_fts_docsize WHERE id = ?').pluck().get(chunkId) as Buffer | undefined;
    return size ? readVarint(size, 0)[0] : undefined;
  }

  matchCount(match: string): number {
    return (this.#statements.get('SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?').get(match) as { n: number }).n;
  }
}

/** An SQLite varint (big-endian, 7 bits a byte, a ninth byte of 8) at `at`: its value and where the next starts. */
function readVarint(bytes: Buffer, at: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = bytes[at + i] ?? 0;
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) return [value, at + i + 1];
  }
  return [value * 256 + (bytes[at + 8] ?? 0), at + 9];
}
