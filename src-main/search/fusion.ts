// Reciprocal-rank fusion: each ranked list gives an item weight / (k + rank). It needs no score
// calibration between bm25 and cosine, and an item found by both lists rises above one found by either.
export interface RankedList {
  ids: readonly number[];
  weight?: number;
}

export const DEFAULT_RRF_K = 60;

export function reciprocalRankFusion(lists: readonly RankedList[], k = DEFAULT_RRF_K): { id: number; score: number }[] {
  const scores = new Map<number, number>();
  for (const list of lists) {
    const weight = list.weight ?? 1;
    list.ids.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + rank + 1)));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id - b.id);
}
