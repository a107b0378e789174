// Query terms for keyword search and highlighting. FTS5 indexes with the porter stemmer, so snippets
// compare crude stems too: "backups" in a query lights up "backup" and "backing" in the text.
const WORD = /[\p{L}\p{N}]+/gu;

export function queryTerms(query: string): string[] {
  return [...new Set(query.toLowerCase().match(WORD) ?? [])];
}

/** An FTS5 MATCH expression: every term quoted (so no user text is parsed as syntax), any may match. */
export function ftsMatch(terms: readonly string[]): string | null {
  if (!terms.length) return null;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
}

export function stemKey(word: string): string {
  const w = word.toLowerCase();
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'ers', 'ed', 'er', 'es', 'ly']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) return w.slice(0, -suffix.length);
  }
  return w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
}
