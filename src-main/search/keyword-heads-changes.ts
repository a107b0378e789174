// Which keyword heads a change of the catalog touched. A term's head changes only when its postings do:
// when a chunk added since the heads' basis holds the term (found by reading the new chunks' words), or
// when a removed chunk held it (found by the removed chunks' words, which the catalog logs in the transaction
// that removes them, kept across restarts; when they are not known — a removal past the log's bound, or from
// before the log — by the term's chunk count, then lower than the stored head's, checked for every head). Every other head keeps its chunks; only the library's size and
// mean chunk length moved under its scores.
import { z } from 'zod';
import type { KeywordHeadStore, SearchCatalog } from './search-catalog.ts';
import { stemKey } from './terms.ts';

/** Where the stored heads stand, besides their generation: what the next update starts from. */
export const headsBasisSchema = z.object({
  /** The settings the heads were built with (a change of them means a full build). */
  settings: z.string(),
  /** The highest chunk id given out when the heads were last brought up to date: chunks above it came later. */
  lastChunkId: z.number().int().nonnegative(),
  /** Chunks in the catalog then. */
  chunks: z.number().int().nonnegative(),
  /** Chunks added or removed since the last full build. */
  changedSinceFull: z.number().int().nonnegative(),
  /**
   * Stems counted past the heads' range (keyword-heads.ts), each with its count plus changedSinceFull at the time:
   * a chunk changed moves a count by one at most, so the stem is still past the range while this minus
   * changedSinceFull is. Spares counting "the" again (a walk over most of the library's postings) after every change.
   */
  common: z.record(z.string(), z.number()).default({}),
});
export type HeadsBasis = z.infer<typeof headsBasisSchema>;

/** How a catalog moved since a basis, in chunks. */
export function changeSince(store: KeywordHeadStore, basis: HeadsBasis, chunks: number): { added: number; removed: number } {
  const added = store.chunksAfter(basis.lastChunkId);
  // Ids are never reused, so whatever the basis had and is no longer here was removed.
  return { added, removed: Math.max(0, basis.chunks + added - chunks) };
}

/** Chunk texts read per step, and terms checked per step. */
const TEXT_PAGE = 200;
const CHECK_STEP = 200;

export interface TouchedTermsInput {
  catalog: SearchCatalog;
  store: KeywordHeadStore;
  basis: HeadsBasis;
  /** True when chunks were removed since the basis. */
  removals: boolean;
  /**
   * The chunks removed since the basis with their text (and those added since and removed again), or null when
   * they are not known (every stored head's count is then checked).
   */
  removed: readonly { id: number; text: string }[] | null;
  /** The range of chunk counts a term gets a head in. */
  minPostings: number;
  maxPostings: number;
  /** The top of that range when the library was the basis's size. */
  basisMaxPostings: number;
  /** Chunks changed since the last full build, this change included. */
  changedSinceFull: number;
  /** How far past maxPostings a term without a head is counted (the farther, the longer it stays known as common). */
  countPast: number;
  /** basis.common, brought up to date here with the stems counted past the limit. */
  common: Record<string, number>;
  /** Awaited between steps; false when the catalog changed meanwhile (the work is then given up). */
  unchanged: () => Promise<boolean>;
}

export interface AddedChunk {
  id: number;
  /** Occurrences of the stem in the chunk. */
  frequency: number;
  /** Tokens in the chunk. */
  tokens: number;
}

/** What a change did to a term that has a stored head, as far as the changed chunks' words tell. */
export interface TermChange {
  /** A word of the changed chunks with this stem: what FTS5 is asked for. */
  word: string;
  /** The chunks added since the basis that hold the stem, by our tokenizer: with how often, and the chunk's length in tokens. */
  added: AddedChunk[];
  /** The removed chunks that held it. */
  removed: number[];
  /** The chunk count its head was built for. */
  stored: number;
}

/**
 * The index terms (stems) whose heads must be rebuilt or deleted, or null when the catalog changed while
 * they were being found. A stem of a changed chunk counts when it has a head (then with what the change did
 * to it), or when FTS5 now finds its word in a head's range of chunks (it may have just reached it; `null`:
 * built in full). Only the changed chunks' words and their stems' heads are read, not every stored head —
 * unless the removed chunks' words are not known.
 */
export async function touchedTerms(input: TouchedTermsInput): Promise<Map<string, TermChange | null> | null> {
  const { catalog, store, basis, minPostings, maxPostings, changedSinceFull, common, unchanged } = input;
  const changes = new Map<string, Omit<TermChange, 'stored'>>();
  const note = (chunkId: number, text: string, side: 'added' | 'removed') => {
    const tokens = indexTokens(text);
    const frequency = new Map<string, { word: string; count: number }>();
    for (const word of tokens) {
      const stem = stemKey(word);
      const seen = frequency.get(stem);
      if (seen) seen.count++;
      else frequency.set(stem, { word, count: 1 });
    }
    for (const [stem, { word, count }] of frequency) {
      const change = changes.get(stem) ?? { word, added: [], removed: [] };
      if (side === 'added') change.added.push({ id: chunkId, frequency: count, tokens: tokens.length });
      // A chunk added since the basis and removed again is in no head's count; its terms are looked at all the
      // same, in case an update cut short put it in a head (which is then built again).
      else if (chunkId <= basis.lastChunkId) change.removed.push(chunkId);
      changes.set(stem, change);
    }
  };
  for (let after = basis.lastChunkId; ; ) {
    const rows = store.chunkTextsAfter(after, TEXT_PAGE);
    for (const { id, text } of rows) note(id, text, 'added');
    if (rows.length < TEXT_PAGE) break;
    after = rows.at(-1)?.id ?? after;
    if (!(await unchanged())) return null;
  }
  for (const { id, text } of input.removed ?? []) note(id, text, 'removed');
  const touched = new Map<string, TermChange | null>();
  let checked = 0;
  for (const [stem, change] of changes) {
    const stored = store.storedPostings(stem);
    if (stored !== undefined) touched.set(stem, { ...change, stored });
    else if ((common[stem] ?? 0) - changedSinceFull <= maxPostings) {
      // Counted up to a bound past the range: a word in most chunks costs no more than one near its edge.
      const cap = maxPostings + input.countPast;
      const chunks = catalog.termDocumentCounts([change.word], cap + 1).get(change.word) ?? 0;
      if (chunks >= minPostings && chunks <= maxPostings) touched.set(stem, null);
      if (chunks > maxPostings) common[stem] = chunks + changedSinceFull;
      else delete common[stem];
      // A common word's count walks up to tens of thousands of postings: a step of its own.
      if (chunks > minPostings && !(await unchanged())) return null;
    }
    if (++checked % CHECK_STEP === 0 && !(await unchanged())) return null;
  }
  // A library that shrank has a lower bound on the heads' range: heads past it go.
  if (maxPostings < input.basisMaxPostings) for (const { term } of store.storedTermsOver(maxPostings)) touched.set(term, null);
  if (input.removals && !input.removed && !(await checkEveryHead(store, touched, unchanged))) return null;
  return touched;
}

/** Adds every stored head whose term's chunk count moved (the removed chunks' words being unknown); false when the catalog changed meanwhile. */
async function checkEveryHead(store: KeywordHeadStore, touched: Map<string, TermChange | null>, unchanged: () => Promise<boolean>): Promise<boolean> {
  for (let after = ''; ; ) {
    const rows = store.storedTerms(after, CHECK_STEP);
    for (const { term, postings } of rows) if (!touched.has(term) && store.termChunks(term) !== postings) touched.set(term, null);
    if (rows.length < CHECK_STEP) return true;
    after = rows.at(-1)?.term ?? after;
    if (!(await unchanged())) return false;
  }
}

/**
 * The tokens of a text as the catalog's FTS5 tokenizer (unicode61, diacritics removed) splits it, in order,
 * in lower case and before stemming.
 */
export function indexTokens(text: string): string[] {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
