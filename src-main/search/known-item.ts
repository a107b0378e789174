// Known-item retrieval: every query has exactly one right document, so a ranking is judged by where that
// document lands. MRR (1/rank), recall@10 (found in the top 10) and nDCG@10 (1/log2(rank + 1) with one
// relevant document) are computed over the top 10 only; a miss counts 0. Used by the retrieval benchmark
// and by the search quality check on a person's own library.

/** One document and the query that should find it. In the benchmark the query is never part of the body. */
export interface KnownItem {
  /** Unique within its corpus (the benchmark writes the document as `<name>.txt`). */
  name: string;
  query: string;
  body: string;
}

/** What judging needs: the query and the name of the one right document. */
export type KnownQuery = Pick<KnownItem, 'name' | 'query'>;

export interface Scores {
  mrr: number;
  recall: number;
  ndcg: number;
  queries: number;
}

export const CUTOFF = 10;

/**
 * Scores a ranker that returns document names, best first. `onJudged` hears after each query (progress);
 * an aborted `signal` stops between queries with its reason.
 */
export async function judge(
  items: readonly KnownQuery[],
  rank: (query: string) => Promise<readonly string[]> | readonly string[],
  options: { signal?: AbortSignal; onJudged?: (done: number) => void } = {},
): Promise<Scores> {
  let reciprocal = 0;
  let found = 0;
  let gain = 0;
  let done = 0;
  for (const item of items) {
    options.signal?.throwIfAborted();
    const position = (await rank(item.query)).slice(0, CUTOFF).indexOf(item.name);
    options.onJudged?.(++done);
    if (position < 0) continue;
    reciprocal += 1 / (position + 1);
    gain += 1 / Math.log2(position + 2);
    found++;
  }
  const mean = (sum: number) => Number((sum / Math.max(1, items.length)).toFixed(3));
  return { mrr: mean(reciprocal), recall: mean(found), ndcg: mean(gain), queries: items.length };
}
