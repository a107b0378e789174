// The ranked heads of common terms' posting lists. A query whose only telling term is common (in 1–5%
// of the chunks) makes FTS5 score every chunk holding it: at 100k chunks, thousands of bm25 evaluations
// for the 50 that are kept. That top of the ranking depends only on the catalog's contents, so it is
// worked out once per catalog generation, in the background, and stored beside the catalog. A head is
// used only while the catalog is still at the generation it was built for: it is then exactly the
// ranking FTS5 would give.
import type Database from 'better-sqlite3';
import type { Catalog } from '../library/catalog.ts';
import { StatementCache } from '../fs/sqlite.ts';
import { commonTermLimit, OR_POSTINGS_BUDGET } from './keyword-search.ts';
import { quoteTerm, stemKey } from './terms.ts';

export interface KeywordHeadsOptions {
  /** A term gets a head from this many postings on: below it, scoring them all is cheap enough. */
  minPostings?: number;
  /** How many ranked chunks a head holds: searches asking for more are answered by FTS5. */
  length?: number;
}

/** From where the OR of keyword search takes a term alone (past its budget), so FTS5 would score all of it. */
export const DEFAULT_HEAD_MIN_POSTINGS = OR_POSTINGS_BUDGET;
export const DEFAULT_HEAD_LENGTH = 200;

const GENERATION_KEY = 'keyword_heads_generation';
/** Endings that, added to a Porter stem, most often give back a word with that stem. */
const WORD_ENDINGS = ['', 'e', 's', 'es', 'ing', 'ed', 'er', 'ly', 'al', 'ion', 'ation', 'ate', 'ment', 'ness', 'ous', 'ive', 'ize', 'ful', 'ent', 'ence', 'ance', 'ity', 'ic', 'ical', 'le', 'able'];
/** Vocabulary terms read per step while looking for common terms. */
const VOCABULARY_PAGE = 500;

export type RefreshOutcome = 'current' | 'built' | 'changed';

export class KeywordHeads {
  readonly #catalog: Catalog;
  readonly #statements: StatementCache;
  readonly #minPostings: number;
  readonly #length: number;

  constructor(catalog: Catalog, options: KeywordHeadsOptions = {}) {
    this.#catalog = catalog;
    this.#statements = new StatementCache(catalog.db);
    this.#minPostings = options.minPostings ?? DEFAULT_HEAD_MIN_POSTINGS;
    this.#length = options.length ?? DEFAULT_HEAD_LENGTH;
  }

  #sql(sql: string): Database.Statement {
    return this.#statements.get(sql);
  }

  /** True when the stored heads were built from the catalog as it is now. */
  isCurrent(): boolean {
    return this.#catalog.getState(GENERATION_KEY) === String(this.#catalog.generation());
  }

  /**
   * The stored ranking for the query word `word` alone, in FTS5's bm25 order — `complete` when it holds every
   * chunk with the word — or null when no current head has it (no head for its stem, or the catalog changed
   * since). `postings` is the word's chunk count as FTS5 matched it: heads are keyed by the index's stems, and
   * a stem that counts differently is not the word's, whatever our own stemmer says.
   */
  ranking(word: string, postings: number): { ids: number[]; complete: boolean } | null {
    const row = this.#sql('SELECT postings, chunk_ids FROM keyword_heads WHERE term = ?').get(stemKey(word)) as { postings: number; chunk_ids: Buffer } | undefined;
    if (row?.postings !== postings || !this.isCurrent()) return null;
    const ids = Array.from(new Float64Array(row.chunk_ids.buffer.slice(row.chunk_ids.byteOffset, row.chunk_ids.byteOffset + row.chunk_ids.byteLength)));
    return { ids, complete: ids.length >= postings };
  }

  /**
   * Builds the heads for the catalog as it is now, one term at a time with `pause()` between terms (so
   * searches are answered meanwhile), and stores them in one transaction. Gives up with 'changed' as
   * soon as the catalog changes underneath: heads must describe a single generation.
   */
  async refresh(pause: () => Promise<void>, signal?: AbortSignal): Promise<RefreshOutcome> {
    const generation = this.#catalog.generation();
    if (this.isCurrent()) return 'current';
    const unchanged = async () => {
      await pause();
      signal?.throwIfAborted();
      return this.#catalog.generation() === generation;
    };
    const terms: { term: string; postings: number }[] = [];
    const maxPostings = commonTermLimit(this.#catalog.chunkCount());
    const page = this.#sql(`SELECT term, doc FROM chunks_vocab WHERE term > ? ORDER BY term LIMIT ${VOCABULARY_PAGE}`);
    for (let after = ''; ; ) {
      const rows = page.all(after) as { term: string; doc: number }[];
      for (const { term, doc } of rows) if (doc >= this.#minPostings && doc <= maxPostings) terms.push({ term, postings: doc });
      if (rows.length < VOCABULARY_PAGE) break;
      after = rows.at(-1)?.term ?? after;
      if (!(await unchanged())) return 'changed';
    }
    const heads: { term: string; postings: number; ids: Buffer }[] = [];
    for (const { term, postings } of terms) {
      const word = this.#wordFor(term, postings);
      if (word === undefined) continue; // searches for it keep asking FTS5
      const ids = Float64Array.from(this.#catalog.keywordSearch(quoteTerm(word), this.#length), (hit) => hit.chunkId);
      heads.push({ term, postings, ids: Buffer.from(ids.buffer) });
      if (!(await unchanged())) return 'changed';
    }
    this.#catalog.db.transaction(() => {
      this.#sql('DELETE FROM keyword_heads').run();
      const insert = this.#sql('INSERT INTO keyword_heads (term, postings, chunk_ids) VALUES (?, ?, ?)');
      for (const head of heads) insert.run(head.term, head.postings, head.ids);
      this.#catalog.setState(GENERATION_KEY, String(generation));
    })();
    return 'built';
  }

  /**
   * A word FTS5 turns into the index term `stem`. FTS5 stems what it is asked for, and a stem stemmed
   * again may change ("lighthous" → "lighthou"), so a head is built by asking for a word: the stem with a
   * usual ending, chosen when our Porter stemmer agrees and FTS5 finds it in exactly as many chunks.
   */
  #wordFor(stem: string, postings: number): string | undefined {
    const count = this.#sql('SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?');
    const bases = stem.endsWith('i') ? [stem, `${stem.slice(0, -1)}y`] : [stem]; // "happi" is "happy"'s stem
    for (const base of bases) {
      for (const ending of WORD_ENDINGS) {
        const word = base + ending;
        if (stemKey(word) === stem && (count.get(quoteTerm(word)) as { n: number }).n === postings) return word;
      }
    }
    return undefined;
  }
}
