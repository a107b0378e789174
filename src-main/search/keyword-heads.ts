// The ranked heads of frequent terms' posting lists. A query whose telling terms are frequent (in a few
// hundred chunks, up to 5% of them) makes FTS5 score every chunk holding them: at 100k chunks, hundreds or
// thousands of bm25 evaluations for the 50 that are kept. That ranking depends only on the catalog's
// contents, so it is worked out once per catalog generation, in the background, and stored beside the
// catalog: each term's best chunks with their bm25 scores — all of them for a term within the OR budget of
// keyword search, so ORs of such terms can be added up from the lists (see keyword-search.ts). A head is
// used only while the catalog is still at the generation it was built for: it then gives exactly the
// ranking FTS5 would give.
import type { KeywordHeadStore, SearchCatalog } from './search-catalog.ts';
import { commonTermLimit, OR_POSTINGS_BUDGET } from './term-limits.ts';
import { quoteTerm, stemKey } from './terms.ts';

export interface KeywordHeadsOptions {
  /** A term gets a head from this many postings on: below it, scoring them all is cheap enough. */
  minPostings?: number;
  /** How many chunks the head of a term past `completeUpTo` holds: searches asking for more ask FTS5. */
  length?: number;
  /** A term in at most this many chunks has all of them stored, so that it can be part of a merged OR. */
  completeUpTo?: number;
}

/**
 * From how many postings a term gets a head. The OR of keyword search takes a term alone when the next
 * rarest would overrun its budget, and FTS5 then scores every posting, about 0.6 µs each at 100k chunks:
 * from 400 on, that is most of a search's keyword time, where reading a head takes a few µs.
 */
export const DEFAULT_HEAD_MIN_POSTINGS = 400;
export const DEFAULT_HEAD_LENGTH = 200;

/** The catalog generation and the settings the stored heads were built for. */
const BUILT_FOR_KEY = 'keyword_heads_generation';
const MAX_STORED_ID = 0xffffffff;
/** Old heads deleted per step of a rebuild. */
const CLEAR_STEP = 50;
/** Endings that, added to a Porter stem, most often give back a word with that stem. */
const WORD_ENDINGS = ['', 'e', 's', 'es', 'ing', 'ed', 'er', 'ly', 'al', 'ion', 'ation', 'ate', 'ment', 'ness', 'ous', 'ive', 'ize', 'ful', 'ent', 'ence', 'ance', 'ity', 'ic', 'ical', 'le', 'able'];
/** Vocabulary terms read per step while looking for frequent terms (a page of 100 takes about 2 ms at 100k chunks). */
const VOCABULARY_PAGE = 100;

export type RefreshOutcome = 'current' | 'built' | 'changed';

/** A term's stored ranking: chunk ids best first, with their bm25 scores (FTS5's, negative, lower is better). */
export interface HeadRanking {
  ids: number[];
  scores: Float64Array;
  /** True when it holds every chunk with the term. */
  complete: boolean;
}

export class KeywordHeads {
  readonly #catalog: SearchCatalog;
  readonly #store: KeywordHeadStore;
  readonly #minPostings: number;
  readonly #length: number;
  readonly #completeUpTo: number;

  constructor(catalog: SearchCatalog, options: KeywordHeadsOptions = {}) {
    this.#catalog = catalog;
    this.#store = catalog.keywordHeads;
    this.#minPostings = options.minPostings ?? DEFAULT_HEAD_MIN_POSTINGS;
    this.#length = options.length ?? DEFAULT_HEAD_LENGTH;
    this.#completeUpTo = options.completeUpTo ?? OR_POSTINGS_BUDGET;
  }

  /** True when the stored heads were built from the catalog as it is now, with these settings. */
  isCurrent(): boolean {
    return this.#catalog.getState(BUILT_FOR_KEY) === this.#builtFor(this.#catalog.generation());
  }

  #builtFor(generation: number): string {
    return `${generation} ${this.#minPostings} ${this.#length} ${this.#completeUpTo}`;
  }

  /** True when current heads would hold every chunk of a term this frequent, as far as its count tells (see ranking). */
  storesAll(postings: number): boolean {
    return postings >= this.#minPostings && postings <= this.#completeUpTo;
  }

  /**
   * The stored ranking for the query word `word` alone, in FTS5's bm25 order, or null when no current head
   * has it (no head for its stem, or the catalog changed since). `postings` is the word's chunk count as FTS5
   * matched it: heads are keyed by the index's stems, and a stem that counts differently is not the word's,
   * whatever our own stemmer says.
   */
  ranking(word: string, postings: number): HeadRanking | null {
    const row = this.#store.head(stemKey(word));
    if (row?.postings !== postings || !this.isCurrent()) return null;
    const ids = Array.from(new Uint32Array(alignedCopy(row.chunkIds)));
    return { ids, scores: new Float64Array(alignedCopy(row.scores)), complete: ids.length >= postings };
  }

  /**
   * Builds the heads for the catalog as it is now, one term at a time with `pause()` between terms (so
   * searches are answered meanwhile). The old heads are cleared and the new ones written a few at a time,
   * each step its own transaction — a single one holds the thread for over 0.1 s at 100k chunks — and they
   * count as current only once all are in. Gives up with 'changed' as soon as the catalog changes
   * underneath: heads must describe a single generation.
   */
  async refresh(pause: () => Promise<void>, signal?: AbortSignal): Promise<RefreshOutcome> {
    const generation = this.#catalog.generation();
    if (this.isCurrent()) return 'current';
    const unchanged = async () => {
      await pause();
      signal?.throwIfAborted();
      return this.#catalog.generation() === generation;
    };
    this.#catalog.setState(BUILT_FOR_KEY, '');
    while (this.#store.deleteSome(CLEAR_STEP) > 0) if (!(await unchanged())) return 'changed';
    const terms: { term: string; postings: number }[] = [];
    const maxPostings = commonTermLimit(this.#catalog.chunkCount());
    for (let after = ''; ; ) {
      const rows = this.#store.vocabulary(after, VOCABULARY_PAGE);
      for (const { term, chunks } of rows) if (chunks >= this.#minPostings && chunks <= maxPostings) terms.push({ term, postings: chunks });
      if (rows.length < VOCABULARY_PAGE) break;
      after = rows.at(-1)?.term ?? after;
      if (!(await unchanged())) return 'changed';
    }
    for (const { term, postings } of terms) {
      const word = this.#wordFor(term, postings);
      if (word === undefined) continue; // searches for it keep asking FTS5
      const hits = this.#catalog.keywordSearch(quoteTerm(word), postings <= this.#completeUpTo ? postings : this.#length);
      // Ids are stored in 32 bits; a catalog whose chunk ids outgrew them leaves the term to FTS5.
      if (hits.some((hit) => hit.chunkId > MAX_STORED_ID)) continue;
      const ids = Uint32Array.from(hits, (hit) => hit.chunkId);
      const scores = Float64Array.from(hits, (hit) => hit.bm25);
      this.#store.put(term, { postings, chunkIds: Buffer.from(ids.buffer), scores: Buffer.from(scores.buffer) });
      if (!(await unchanged())) return 'changed';
    }
    this.#catalog.setState(BUILT_FOR_KEY, this.#builtFor(generation));
    return 'built';
  }

  /**
   * A word FTS5 turns into the index term `stem`. FTS5 stems what it is asked for, and a stem stemmed
   * again may change ("lighthous" → "lighthou"), so a head is built by asking for a word: the stem with a
   * usual ending, chosen when our Porter stemmer agrees and FTS5 finds it in exactly as many chunks.
   */
  #wordFor(stem: string, postings: number): string | undefined {
    const bases = stem.endsWith('i') ? [stem, `${stem.slice(0, -1)}y`] : [stem]; // "happi" is "happy"'s stem
    for (const base of bases) {
      for (const ending of WORD_ENDINGS) {
        const word = base + ending;
        if (stemKey(word) === stem && this.#store.matchCount(quoteTerm(word)) === postings) return word;
      }
    }
    return undefined;
  }
}

/** A blob's bytes in a buffer of their own (SQLite's may sit at an offset a typed array cannot start at). */
function alignedCopy(blob: Buffer): ArrayBuffer {
  return blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength) as ArrayBuffer;
}
