// The catalog's SQL for search's keyword heads (search/keyword-heads.ts decides what goes in them): the
// table they are stored in, and the FTS5 vocabulary and counts they are built from. Kept apart from
// catalog.ts so the catalog's own queries stay readable; only the catalog creates it.
import type Database from 'better-sqlite3';
import { StatementCache } from '../kernel/fs/sqlite.ts';
import type { KeywordHeadStore, StoredHead } from '../search/index.ts';

export class KeywordHeadsTable implements KeywordHeadStore {
  readonly #statements: StatementCache;

  constructor(db: Database.Database) {
    this.#statements = new StatementCache(db);
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

  matchCount(match: string): number {
    return (this.#statements.get('SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?').get(match) as { n: number }).n;
  }
}
