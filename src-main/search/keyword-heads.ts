// The ranked heads of frequent terms' posting lists. A query whose telling terms are frequent (in a few
// hundred chunks or more) makes FTS5 score every chunk holding them: at 100k chunks, hundreds or
// thousands of bm25 evaluations for the 50 that are kept. That ranking depends only on the catalog's
// contents, so it is worked out ahead, in the background, and stored beside the catalog: each term's best
// chunks with their bm25 scores — all of them for a term within the OR budget of keyword search, so ORs of
// such terms can be added up from the lists (see keyword-search.ts). Heads reach past the common-term limit up
// to half the chunks (where FTS5's idf stops being positive): a query of only common words is answered from
// its rarest word's head, which no search could afford to score anew. A head is used only while the heads are
// current for the catalog's generation. After a change, only the heads of the terms it touched are rebuilt
// (keyword-heads-changes.ts): the others hold exactly their term's chunks still, scored at the library's
// size and mean chunk length of their build, so their order can differ from FTS5's only between near-ties;
// past a bound on the change since the last full build, all are built anew.
import { changeSince, headsBasisSchema, touchedTerms, type HeadsBasis, type TermChange } from './keyword-heads-changes.ts';
import type { KeywordHeadStore, SearchCatalog, StoredHead } from './search-catalog.ts';
import { commonTermLimit, HEAD_POSTINGS_CAP, headTermLimit, OR_POSTINGS_BUDGET } from './term-limits.ts';
import { quoteTerm, stemKey } from './terms.ts';

export interface KeywordHeadsOptions {
  /** A term gets a head from this many postings on: below it, scoring them all is cheap enough. */
  minPostings?: number;
  /** How many chunks the head of a term past `completeUpTo` holds: searches asking for more ask FTS5. */
  length?: number;
  /** A term in at most this many chunks has all of them stored, so that it can be part of a merged OR. */
  completeUpTo?: number;
  /** Chunks added or removed since the last full build, as a share of the library, past which all heads are built anew. */
  fullRebuildShare?: number;
  /** Chunks added or removed since the heads were last current, as a share of the library, past which all are built anew. */
  updateShare?: number;
  /** Heads for terms past the common-term limit too, up to half the chunks (default true; false: up to the limit only). */
  commonTerms?: boolean;
}

/**
 * From how many postings a term gets a head. The OR of keyword search takes a term alone when the next
 * rarest would overrun its budget, and FTS5 then scores every posting, about 0.6 µs each at 100k chunks:
 * from 400 on, that is most of a search's keyword time, where reading a head takes a few µs.
 */
export const DEFAULT_HEAD_MIN_POSTINGS = 400;
export const DEFAULT_HEAD_LENGTH = 200;
/**
 * A kept head's scores are from an older library size and mean chunk length; its chunks are still exactly
 * the term's. Past this much change since the last full build, every head is built anew.
 */
export const DEFAULT_FULL_REBUILD_SHARE = 0.05;
/**
 * A term gets a head from 400 chunks on, so a change of 1% of a 100k-chunk library holds nearly every such
 * term: at 115k chunks, 100 changed chunks touched half the heads (update 0.69× a full build's time), 300 79%
 * (0.77×), 1,000 99% (1.0×, plus finding them). Past this share a full build is as cheap and starts afresh.
 */
export const DEFAULT_UPDATE_SHARE = 0.005;

/** The catalog generation and the settings the stored heads were built for. */
const BUILT_FOR_KEY = 'keyword_heads_generation';
const MAX_STORED_ID = 0xffffffff;
/** Where the heads stand for the next update (keyword-heads-changes.ts), as JSON. */
const BASIS_KEY = 'keyword_heads_basis';
/** Old heads deleted per step of a rebuild. */
const CLEAR_STEP = 50;
/** Endings that, added to a Porter stem, most often give back a word with that stem. */
const WORD_ENDINGS = ['', 'e', 's', 'es', 'ing', 'ed', 'er', 'ly', 'al', 'ion', 'ation', 'ate', 'ment', 'ness', 'ous', 'ive', 'ize', 'ful', 'ent', 'ence', 'ance', 'ity', 'ic', 'ical', 'le', 'able'];
/** Vocabulary terms read per step while looking for frequent terms (a page of 100 takes about 2 ms at 100k chunks). */
const VOCABULARY_PAGE = 100;

export type RefreshOutcome = 'current' | 'built' | 'updated' | 'changed';

/** What merging the heads of one update reads once: where the change starts, the range, FTS5's totals and chunk lengths. */
interface MergeContext {
  lastChunkId: number;
  maxPostings: number;
  totals: { rows: number; tokens: number };
  chunkTokens: (chunkId: number) => number | undefined;
}

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
  readonly #fullRebuildShare: number;
  readonly #updateShare: number;
  readonly #commonTerms: boolean;
  /** The most chunks a term with a head is in, in a library of `chunks` chunks. */
  readonly #maxPostings: (chunks: number) => number;

  constructor(catalog: SearchCatalog, options: KeywordHeadsOptions = {}) {
    this.#catalog = catalog;
    this.#store = catalog.keywordHeads;
    this.#minPostings = options.minPostings ?? DEFAULT_HEAD_MIN_POSTINGS;
    this.#length = options.length ?? DEFAULT_HEAD_LENGTH;
    this.#completeUpTo = options.completeUpTo ?? OR_POSTINGS_BUDGET;
    this.#fullRebuildShare = options.fullRebuildShare ?? DEFAULT_FULL_REBUILD_SHARE;
    this.#updateShare = options.updateShare ?? DEFAULT_UPDATE_SHARE;
    this.#commonTerms = options.commonTerms ?? true;
    this.#maxPostings = this.#commonTerms ? headTermLimit : commonTermLimit;
  }

  /** True when the stored heads were built from the catalog as it is now, with these settings. */
  isCurrent(): boolean {
    return this.#catalog.getState(BUILT_FOR_KEY) === this.#builtFor(this.#catalog.generation());
  }

  #builtFor(generation: number): string {
    return `${generation} ${this.#settings()}`;
  }

  #settings(): string {
    // "to-half": heads reach past the common-term limit to half the chunks, within a cap (headTermLimit); heads built
    // before are rebuilt.
    return `${this.#minPostings} ${this.#length} ${this.#completeUpTo}${this.#commonTerms ? ` to-half-${HEAD_POSTINGS_CAP}` : ''}`;
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
    return decoded(row);
  }

  /**
   * The stored ranking for a query word FTS5 finds in more than `over` chunks (past the common-term limit), with
   * its term's chunk count, or null when no current head has it. Such a word is not counted in full to check
   * the head is its term's (that walks up to half the library's postings): the head is its Porter stem's, the
   * stemmer FTS5 uses, and holds more than `over` chunks as the word does.
   */
  commonRanking(word: string, over: number): (HeadRanking & { postings: number }) | null {
    const row = this.#store.head(stemKey(word));
    if (!row || row.postings <= over || !this.isCurrent()) return null;
    return { ...decoded(row), postings: row.postings };
  }

  /**
   * Brings the heads up to date with the catalog as it is now, one term at a time with `pause()` between
   * terms (so searches are answered meanwhile), each step its own transaction — a single one holds the
   * thread for over 0.1 s at 100k chunks — and they count as current only once all are in. After a change
   * of at most `updateShare` of the library, and at most `fullRebuildShare` since the last full build, only
   * the heads of the terms it touched are rebuilt ('updated'); else, or when no basis is recorded, all of
   * them ('built'). Gives up
   * with 'changed' as soon as the catalog changes underneath: heads must describe a single generation.
   */
  async refresh(pause: () => Promise<void>, signal?: AbortSignal): Promise<RefreshOutcome> {
    const generation = this.#catalog.generation();
    if (this.isCurrent()) return 'current';
    const unchanged = async () => {
      await pause();
      signal?.throwIfAborted();
      return this.#catalog.generation() === generation;
    };
    // Read in the generation the work is for: a later change makes it give up before anything is recorded.
    const now = { lastChunkId: this.#store.lastChunkId(), chunks: this.#catalog.chunkCount() };
    const basis = this.#basis();
    if (basis) {
      const { added, removed } = changeSince(this.#store, basis, now.chunks);
      const changedSinceFull = basis.changedSinceFull + added + removed;
      if (added + removed <= this.#updateShare * now.chunks && changedSinceFull <= this.#fullRebuildShare * now.chunks) {
        const common = { ...basis.common };
        if (!(await this.#update(basis, { removed, changedSinceFull, common }, unchanged))) return 'changed';
        this.#recordCurrent(generation, { ...now, changedSinceFull, common });
        return 'updated';
      }
    }
    const common = await this.#rebuild(unchanged);
    if (!common) return 'changed';
    this.#recordCurrent(generation, { ...now, changedSinceFull: 0, common });
    return 'built';
  }

  /** The basis recorded with the heads, if they were built with the settings in use. */
  #basis(): HeadsBasis | null {
    const parsed = headsBasisSchema.safeParse(parseJson(this.#catalog.getState(BASIS_KEY)));
    return parsed.success && parsed.data.settings === this.#settings() ? parsed.data : null;
  }

  #recordCurrent(generation: number, basis: Omit<HeadsBasis, 'settings'>): void {
    this.#store.inTransaction(() => {
      this.#catalog.setState(BASIS_KEY, JSON.stringify({ settings: this.#settings(), ...basis }));
      this.#catalog.setState(BUILT_FOR_KEY, this.#builtFor(generation));
      this.#store.caughtUp(generation);
    });
  }

  /**
   * The chunks removed since the heads were last current, or null when they are not all known (or those of the
   * basis do not add up to `removed`). A chunk added since the basis and removed again (above its lastChunkId)
   * is not one of them, yet comes along: an update cut short may have put it in a head.
   */
  #removedSinceCurrent(removed: number, lastChunkId: number): { id: number; text: string }[] | null {
    const [generation, ...settings] = (this.#catalog.getState(BUILT_FOR_KEY) ?? '').split(' ');
    if (!generation || settings.join(' ') !== this.#settings()) return null;
    const chunks = this.#store.removedSince(Number(generation));
    return chunks?.filter((chunk) => chunk.id <= lastChunkId).length === removed ? chunks : null;
  }

  /**
   * Brings the heads of the terms the change since `basis` touched up to date; false when the catalog changed
   * meanwhile. A head holding all of its term's chunks (at most completeUpTo) is built again from FTS5, which
   * scores no more than that many; a longer one is merged (#mergeHead), so that its term's thousands of
   * chunks are not scored again for a change of a few — unless an update that did not finish (a change
   * meanwhile, a close, a crash) merged it already: its count holds that change, which is part of this one.
   */
  async #update(
    basis: HeadsBasis,
    change: { removed: number; changedSinceFull: number; common: Record<string, number> },
    unchanged: () => Promise<boolean>,
  ): Promise<boolean> {
    const chunks = this.#catalog.chunkCount();
    const maxPostings = this.#maxPostings(chunks);
    const removed = this.#removedSinceCurrent(change.removed, basis.lastChunkId) ?? (change.removed > 0 ? null : []);
    const countPast = Math.ceil(this.#fullRebuildShare * chunks);
    const input = { catalog: this.#catalog, store: this.#store, basis, ...change, removals: change.removed > 0, removed, minPostings: this.#minPostings, maxPostings, basisMaxPostings: this.#maxPostings(basis.chunks), countPast, unchanged };
    const touched = await touchedTerms(input);
    if (!touched) return false;
    // Read once for the update: a change meanwhile makes it give up.
    const lengths = new Map<number, number | undefined>();
    const merging: MergeContext = {
      lastChunkId: basis.lastChunkId,
      maxPostings,
      totals: this.#store.ftsTotals(),
      chunkTokens: (id) => (lengths.has(id) ? lengths.get(id) : lengths.set(id, this.#store.chunkTokens(id)).get(id)),
    };
    for (const [term, change] of touched) {
      if (!change || change.stored <= this.#completeUpTo || this.#store.wasMerged(term) || !this.#mergeHead(term, change, merging)) {
        const postings = this.#store.termChunks(term);
        if (postings >= this.#minPostings && postings <= maxPostings) this.#writeHead(term, postings);
        else this.#store.delete(term);
      }
      if (!(await unchanged())) return false;
    }
    return true;
  }

  /**
   * Merges a change into the stored head of a term past completeUpTo: its best chunks, with the chunks added
   * since the basis as FTS5 scores them now (FTS5 seeks to them; the term's other chunks are not scored). The
   * kept entries' scores are from the head's build, as a kept head's are. False when the head must be built
   * in full instead: a chunk of it was removed (the next best is not stored), FTS5 finds the word in other
   * added chunks than our tokenizer (it is not the stem's word), or the term's count leaves the range.
   */
  #mergeHead(term: string, change: TermChange, context: MergeContext): boolean {
    const head = this.#store.head(term);
    if (head?.postings !== change.stored) return false;
    const ids = new Uint32Array(alignedCopy(head.chunkIds));
    const scores = new Float64Array(alignedCopy(head.scores));
    const inHead = new Set(ids);
    if (change.removed.some((id) => inHead.has(id))) return false;
    const postings = head.postings + change.added.length - change.removed.length;
    if (postings <= this.#completeUpTo || postings > context.maxPostings) return false;
    const added = addedScores(change, postings, context) ?? this.#store.scoresAfter(quoteTerm(change.word), context.lastChunkId);
    const expected = new Set(change.added.map((a) => a.id));
    if (added.length !== expected.size || added.some((hit) => !expected.has(hit.chunkId) || hit.chunkId > MAX_STORED_ID)) return false;
    const entries = [...Array.from(ids, (chunkId, i) => ({ chunkId, bm25: scores[i] ?? 0 })), ...added];
    // FTS5's order: best (lowest) score first, ties to the lower id.
    entries.sort((a, b) => a.bm25 - b.bm25 || a.chunkId - b.chunkId);
    const kept = entries.slice(0, this.#length);
    const keptIds = Uint32Array.from(kept, (e) => e.chunkId);
    const keptScores = Float64Array.from(kept, (e) => e.bm25);
    this.#store.putMerged(term, { postings, chunkIds: Buffer.from(keptIds.buffer), scores: Buffer.from(keptScores.buffer) });
    return true;
  }

  /** Clears every head and builds them all anew; null when the catalog changed meanwhile, else the stems past the heads' range. */
  async #rebuild(unchanged: () => Promise<boolean>): Promise<Record<string, number> | null> {
    this.#catalog.setState(BUILT_FOR_KEY, '');
    this.#catalog.setState(BASIS_KEY, '');
    while (this.#store.deleteSome(CLEAR_STEP) > 0) if (!(await unchanged())) return null;
    const terms: { term: string; postings: number }[] = [];
    const common: Record<string, number> = {};
    const maxPostings = this.#maxPostings(this.#catalog.chunkCount());
    for (let after = ''; ; ) {
      const rows = this.#store.vocabulary(after, VOCABULARY_PAGE);
      for (const { term, chunks } of rows) {
        if (chunks > maxPostings) common[term] = chunks;
        else if (chunks >= this.#minPostings) terms.push({ term, postings: chunks });
      }
      if (rows.length < VOCABULARY_PAGE) break;
      after = rows.at(-1)?.term ?? after;
      if (!(await unchanged())) return null;
    }
    for (const { term, postings } of terms) {
      this.#writeHead(term, postings);
      if (!(await unchanged())) return null;
    }
    return common;
  }

  /** Stores a term's head as FTS5 ranks it now, or deletes it when searches for the term must keep asking FTS5. */
  #writeHead(term: string, postings: number): void {
    const word = this.#wordFor(term, postings);
    const hits = word === undefined ? [] : this.#catalog.keywordSearch(quoteTerm(word), postings <= this.#completeUpTo ? postings : this.#length);
    // Ids are stored in 32 bits; a catalog whose chunk ids outgrew them leaves the term to FTS5.
    if (!hits.length || hits.some((hit) => hit.chunkId > MAX_STORED_ID)) {
      this.#store.delete(term);
      return;
    }
    const ids = Uint32Array.from(hits, (hit) => hit.chunkId);
    const scores = Float64Array.from(hits, (hit) => hit.bm25);
    this.#store.put(term, { postings, chunkIds: Buffer.from(ids.buffer), scores: Buffer.from(scores.buffer) });
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

/**
 * The added chunks' bm25 scores for the term, worked out as FTS5's bm25() does (fts5_aux.c) from its totals, each
 * chunk's recorded length and the term's count in it: asking FTS5 would walk every posting of the term for its
 * idf. Null (FTS5 is asked) when a chunk's length by our tokenizer is not the one FTS5 recorded.
 */
function addedScores(change: TermChange, postings: number, context: MergeContext): { chunkId: number; bm25: number }[] | null {
  if (!change.added.length) return [];
  const k1 = 1.2;
  const b = 0.75;
  const { totals } = context;
  const averageLength = totals.tokens / totals.rows;
  const ratio = Math.log((totals.rows - postings + 0.5) / (postings + 0.5));
  const idf = ratio <= 0 ? 1e-6 : ratio;
  const scores: { chunkId: number; bm25: number }[] = [];
  for (const { id, frequency, tokens } of change.added) {
    if (context.chunkTokens(id) !== tokens) return null;
    // The same operations in the same order as fts5Bm25Function, so the same double comes out.
    scores.push({ chunkId: id, bm25: -1 * (0 + idf * ((frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * tokens) / averageLength)))) });
  }
  return scores;
}

/** A stored head's ids and scores, and whether it holds every chunk of its term. */
function decoded(row: StoredHead): HeadRanking {
  const ids = Array.from(new Uint32Array(alignedCopy(row.chunkIds)));
  return { ids, scores: new Float64Array(alignedCopy(row.scores)), complete: ids.length >= row.postings };
}

/** A blob's bytes in a buffer of their own (SQLite's may sit at an offset a typed array cannot start at). */
function alignedCopy(blob: Buffer): ArrayBuffer {
  return blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength) as ArrayBuffer;
}

function parseJson(text: string | undefined): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
