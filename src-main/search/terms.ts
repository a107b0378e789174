// Query terms for keyword search and highlighting. The FTS index stems with Porter's algorithm, and so
// does this module (the `stemmer` package), so "backups" in a query lights up "backup" in a snippet and
// term statistics can be looked up in the index's vocabulary.
import { stemmer } from 'stemmer';

const WORD = /[\p{L}\p{N}]+/gu;

export function queryTerms(query: string): string[] {
  return [...new Set(query.toLowerCase().match(WORD) ?? [])];
}

/** An FTS5 expression joining quoted terms (so no user text is parsed as syntax) with AND or OR. */
export function ftsMatch(terms: readonly string[], join: 'AND' | 'OR' = 'OR'): string | null {
  if (!terms.length) return null;
  return terms.map(quoteTerm).join(` ${join} `);
}

/** One term as an FTS5 string: matched as a word, never parsed as syntax. */
export function quoteTerm(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

// Stemming is the hot spot of snippet building; words repeat a lot, so stems are memoised (bounded).
const STEM_CACHE_SIZE = 50_000;
const stems = new Map<string, string>();

export function stemKey(word: string): string {
  const lower = word.toLowerCase();
  let stem = stems.get(lower);
  if (stem === undefined) {
    if (stems.size >= STEM_CACHE_SIZE) stems.clear();
    stem = stemmer(lower);
    stems.set(lower, stem);
  }
  return stem;
}
