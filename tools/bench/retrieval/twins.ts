// Documents a known-item query cannot tell apart. Some corpora hold near-identical documents: a library
// package and its -dev package share a long description but for one sentence, two Info manuals carry the
// same licence node. When another document holds nearly the same words as the right one (word-set Jaccard
// ≥ TWIN_JACCARD over Porter stems) and every query word the right one holds, in its text and in its file
// name alike, no ranking can pick the right one from the query's words: such a twin is counted as right too.
// The benchmark reports the figures with and without this rule, for the baseline and PDW alike.
import { queryTerms, stemKey } from '../../../src-main/search/terms.ts';
import type { KnownItem } from './known-item.ts';

export const TWIN_JACCARD = 0.8;

const WORD = /[\p{L}\p{N}]+/gu;

interface Words {
  body: Set<string>;
  name: Set<string>;
}

/** For each item with twins, the names of its twins (by item name). */
export function twinsOf(items: readonly KnownItem[], threshold = TWIN_JACCARD): Map<string, string[]> {
  const words: Words[] = items.map((item) => ({ body: stems(item.body), name: stems(item.name) }));
  const twins = new Map<string, string[]>();
  items.forEach((item, i) => {
    const mine = words[i] as Words;
    const query = new Set(queryTerms(item.query).map(stemKey));
    const held = (field: Set<string>) => [...query].filter((term) => field.has(term));
    const inBody = held(mine.body);
    const inName = held(mine.name);
    const found = items.flatMap((other, j) => {
      const theirs = words[j] as Words;
      if (j === i || jaccard(mine.body, theirs.body) < threshold) return [];
      return inBody.every((t) => theirs.body.has(t)) && inName.every((t) => theirs.name.has(t)) ? [other.name] : [];
    });
    if (found.length) twins.set(item.name, found);
  });
  return twins;
}

/**
 * A ranker whose results name the item wherever one of its twins stands (each query names one item: the
 * corpora never repeat a query), so `judge` scores the first of the item and its twins.
 */
export function countingTwins(
  items: readonly KnownItem[],
  twins: ReadonlyMap<string, readonly string[]>,
  rank: (query: string) => Promise<readonly string[]> | readonly string[],
): (query: string) => Promise<string[]> {
  const byQuery = new Map(items.map((item) => [item.query, item]));
  return async (query) => {
    const names = [...(await rank(query))];
    const item = byQuery.get(query);
    const alike = item ? twins.get(item.name) : undefined;
    return item && alike ? names.map((name) => (alike.includes(name) ? item.name : name)) : names;
  };
}

function stems(text: string): Set<string> {
  return new Set((text.toLowerCase().match(WORD) ?? []).map(stemKey));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared || 1);
}
