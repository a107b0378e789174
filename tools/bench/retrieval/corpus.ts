// A benchmark corpus: real text that Debian ships and nobody on the project wrote, turned into known items
// at bench time and cached under node_modules/.cache (never committed).
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { KnownItem } from './known-item.ts';

export interface Corpus {
  id: string;
  /** What the documents and the queries are. */
  describe: string;
  /** The packages that provide the text. */
  install: string;
  /** The known items, or why the corpus cannot be built on this machine. */
  load(): Promise<KnownItem[] | { missing: string }>;
}

export const BENCH_CACHE = fileURLToPath(new URL('../../../node_modules/.cache/pdw-bench', import.meta.url));

/** A spread over a whole collection that is the same on every machine: order by a hash of the name. */
export function deterministicOrder<T>(values: readonly T[], nameOf: (value: T) => string): T[] {
  const keyed = values.map((value) => ({ value, key: createHash('sha1').update(nameOf(value)).digest('hex') }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((k) => k.value);
}

/** Takes items in that order, skipping any whose query was already taken (a query must name one document). */
export async function sample(items: Iterable<KnownItem | null> | AsyncIterable<KnownItem | null>, limit: number): Promise<KnownItem[]> {
  const taken: KnownItem[] = [];
  const queries = new Set<string>();
  for await (const item of items) {
    if (taken.length >= limit) break;
    const key = item?.query.toLowerCase();
    if (!item || !key || queries.has(key)) continue;
    queries.add(key);
    taken.push(item);
  }
  return taken;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
