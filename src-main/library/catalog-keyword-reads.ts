// The catalog's FTS5 reads for keyword search: chunk matches ranked by bm25 (chunks_fts), whole-document
// matches (documents_fts), and how common a term is. Apart from catalog.ts so the catalog keeps its writes
// readable; only the catalog creates it, and clears its term counts on every change.
import type Database from 'better-sqlite3';
import { StatementCache } from '../kernel/fs/sqlite.ts';
import { quoteTerm, type ChunkScope } from '../search/index.ts';

const NOTHING_IN_SCOPE = (): boolean => false;

export class CatalogKeywordReads {
  readonly #statements: StatementCache;
  /** Term and document counts for keyword search, kept until the next change (a search asks them again). */
  readonly #counts = new Map<string, number>();
  /** The check of the scope keywordSearchWithin is reading, for pdw_in_scope (only while it reads). */
  #inScope: (chunkId: number) => boolean = NOTHING_IN_SCOPE;

  constructor(db: Database.Database) {
    this.#statements = new StatementCache(db);
    db.function('pdw_in_scope', { directOnly: true }, (chunkId) => (this.#inScope(Number(chunkId)) ? 1 : 0));
  }

  #sql(sql: string): Database.Statement {
    return this.#statements.get(sql);
  }

  /** Forgets what was cached from the catalog's content: called by the catalog on every change. */
  forgetCached(): void {
    this.#counts.clear();
  }

  /**
   * In how many chunks each term occurs, counted up to `cap`: past that a term is "common" and the exact
   * number does not matter, and stopping there keeps "the" from costing a walk over every chunk.
   */
  termDocumentCounts(terms: readonly string[], cap: number): Map<string, number> {
    const out = new Map<string, number>();
    const count = this.#sql('SELECT count(*) AS n FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)');
    for (const term of terms) out.set(term, this.#counted(`chunks ${cap} ${term}`, () => (count.get(quoteTerm(term), cap) as { n: number }).n));
    return out;
  }

  /** A count from the cache, or counted now and kept until the next change. */
  #counted(key: string, count: () => number): number {
    let n = this.#counts.get(key);
    if (n === undefined) {
      n = count();
      if (this.#counts.size > 100_000) this.#counts.clear();
      this.#counts.set(key, n);
    }
    return n;
  }

  /** FTS5 matches ranked by bm25 (lower is better). Filters are applied by the caller (see search/filter-scope.ts). */
  keywordSearch(match: string, limit: number): { chunkId: number; bm25: number }[] {
    // bm25() as an expression, not the `rank` column: the same order, and about a third less time per
    // scored posting at 100k chunks (FTS5 routes `rank` through its configurable ranking machinery).
    const sql = 'SELECT rowid AS chunkId, bm25(chunks_fts) AS bm25 FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25 LIMIT ?';
    return this.#sql(sql).all(match, limit) as { chunkId: number; bm25: number }[];
  }

  /**
   * Up to `limit` matches within a filter's scope, best first, as keywordSearch ranks them: FTS5 seeks to the
   * scope's first chunk id and stops past its last, and SQLite asks the scope's check (the SQL function
   * pdw_in_scope) about each match before bm25 scores it. Scoring and sorting every match of the library was the
   * cost of a filtered search (the keyword half within 2% of 1.16M chunks: 6.5 / 80 ms p50 / p99, 0.8 / 5.9 this
   * way). One statement, so bm25's statistics (FTS5 counts each term's chunks over the whole index), its scores
   * and its ties (to the lower id) are the global ranking's; a read per run of ids paid that count per run.
   */
  keywordSearchWithin(match: string, limit: number, scope: ChunkScope): { chunkId: number; bm25: number }[] {
    const sql = 'SELECT rowid AS chunkId, bm25(chunks_fts) AS bm25 FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid BETWEEN ? AND ? AND pdw_in_scope(rowid) ORDER BY bm25 LIMIT ?';
    this.#inScope = scope.admits;
    try {
      return this.#sql(sql).all(match, scope.first, scope.last, limit) as { chunkId: number; bm25: number }[];
    } finally {
      this.#inScope = NOTHING_IN_SCOPE;
    }
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

  /** How many documents hold an index term (a stem), counted in full (FTS5 walks the term's postings), once per change. */
  documentTermCount(term: string): number {
    return this.#counted(`documents ${term}`, () => (this.#sql('SELECT doc FROM documents_vocab WHERE term = ?').pluck().get(term) as number | undefined) ?? 0);
  }

  /** How many documents documents_fts finds the FTS5 query in, counted up to `cap` (a common word costs no more). */
  documentMatchCount(match: string, cap: number): number {
    return this.#counted(`matches ${cap} ${match}`, () => this.#sql('SELECT count(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)').pluck().get(match, cap) as number);
  }

  /** Up to `limit` documents best first by bm25 over whole documents (documents_fts), with column weights title, path, body. */
  documentKeywordSearch(match: string, fields: readonly [number, number, number], limit: number): { documentId: number; bm25: number }[] {
    const sql = 'SELECT rowid AS documentId, bm25(documents_fts, ?, ?, ?) AS bm25 FROM documents_fts WHERE documents_fts MATCH ? ORDER BY bm25 LIMIT ?';
    return this.#sql(sql).all(...fields, match, limit) as { documentId: number; bm25: number }[];
  }
}
