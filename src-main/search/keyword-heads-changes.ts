// Which keyword heads a change of the catalog touched. A term's head changes only when its postings do:
// when a chunk added since the heads' basis holds the term (found by reading the new chunks' words), or
// when a removed chunk held it (its text is gone, but the term's chunk count is then lower than the
// stored head's — unless an added chunk holds it too, which the first case finds). Every other head keeps
// its chunks; only the library's size and mean chunk length moved under its scores.
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
  /** True when chunks were removed since the basis: every stored head's count is then checked. */
  removals: boolean;
  /** The range of chunk counts a term gets a head in. */
  minPostings: number;
  maxPostings: number;
  /** Awaited between steps; false when the catalog changed meanwhile (the work is then given up). */
  unchanged: () => Promise<boolean>;
}

/**
 * The index terms (stems) whose heads must be rebuilt or deleted, or null when the catalog changed while
 * they were being found. A stem of a new chunk counts when it has a head, or when FTS5 now finds its word in
 * a head's range of chunks (it may have just reached it).
 */
export async function touchedTerms(input: TouchedTermsInput): Promise<Set<string> | null> {
  const { catalog, store, basis, minPostings, maxPostings, unchanged } = input;
  const stored = new Map<string, number>();
  for (let after = ''; ; ) {
    const rows = store.storedTerms(after, CHECK_STEP);
    for (const { term, postings } of rows) stored.set(term, postings);
    if (rows.length < CHECK_STEP) break;
    after = rows.at(-1)?.term ?? after;
    if (!(await unchanged())) return null;
  }
  const touched = new Set<string>();
  const words = new Map<string, string>(); // stem → a word of the new chunks with that stem
  for (let after = basis.lastChunkId; ; ) {
    const rows = store.chunkTextsAfter(after, TEXT_PAGE);
    for (const { text } of rows) {
      for (const word of indexWords(text)) {
        const stem = stemKey(word);
        if (!words.has(stem)) words.set(stem, word);
      }
    }
    if (rows.length < TEXT_PAGE) break;
    after = rows.at(-1)?.id ?? after;
    if (!(await unchanged())) return null;
  }
  let checked = 0;
  for (const [stem, word] of words) {
    if (stored.has(stem)) touched.add(stem);
    else {
      // Counted up to just past the range: a word in most chunks costs no more than one at its edge.
      const chunks = catalog.termDocumentCounts([word], maxPostings + 1).get(word) ?? 0;
      if (chunks >= minPostings && chunks <= maxPostings) touched.add(stem);
    }
    if (++checked % CHECK_STEP === 0 && !(await unchanged())) return null;
  }
  checked = 0;
  for (const [term, postings] of stored) {
    if (touched.has(term)) continue;
    // A library that shrank has a lower common-term limit: heads past it go.
    if (postings > maxPostings || (input.removals && store.termChunks(term) !== postings)) touched.add(term);
    if (input.removals && ++checked % CHECK_STEP === 0 && !(await unchanged())) return null;
  }
  return touched;
}

/**
 * The words of a text as the catalog's FTS5 tokenizer (unicode61, diacritics removed) splits it, in lower
 * case and before stemming.
 */
export function indexWords(text: string): Set<string> {
  return new Set(text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}
