// The graph's parameters and the search's answer, shared by both graph classes (no native module is loaded here, so
// modules that only need these do not load a graph library).

export interface HnswParams {
  /** Graph degree: more links, better recall, more memory. */
  m: number;
  /** Candidate list while building: higher builds slower and finds better neighbours. */
  efConstruction: number;
  /** Candidate list while searching in a graph of up to EF_REFERENCE_SIZE vectors: the recall/latency knob. */
  ef: number;
}

// At 115k chunks of the library benchmark, M = 32 reaches recall@10 0.985 with ef = 250, where M = 16 needed
// ef = 600 for 0.982 and a fifth more time per search (a larger efConstruction did not help M = 16). A graph keeps
// the parameters it was built with (they are saved beside it), so older M = 16 graphs keep ef = 600.
// efConstruction 128 rather than 200: a bulk ingest into a million-chunk graph is bound by its one insert thread,
// and 128 cut the graph's CPU per insert there by a fifth (3.15 → 2.45 ms, side by side under load) for recall@10
// 0.985 against 0.987 at 100k vectors (the rule's ef, re-scored). Graphs saved with 200 keep inserting with 200.
export const DEFAULT_HNSW_PARAMS: HnswParams = { m: 32, efConstruction: 128, ef: 250 };

/** The graph size `ef` was measured at; larger graphs search with more candidates (searchEf). */
export const EF_REFERENCE_SIZE = 115_000;

/** How fast ef grows past EF_REFERENCE_SIZE: ef × (size / EF_REFERENCE_SIZE) ^ EF_GROWTH. */
export const EF_GROWTH = 0.38;

/**
 * The ef a search uses in a graph of `size` vectors: `ef` up to EF_REFERENCE_SIZE, then growing with the size. A
 * fixed ef loses recall as the graph grows (M = 32, ef = 250: 0.987 at 115k chunks, 0.931 at 1.16M), since the
 * greedy walk has more near-ties to tell apart. The growth is fit to the int8 graph whose 50 nearest are scored
 * again from float32 vectors (vector-candidates.ts): the smallest ef giving recall@10 ≥ 0.975 was 175, 250 and 600
 * at 100k, 250k and 1.16M vectors, and this rule gives 250, 336 and 601 (0.987, ≥ 0.985, 0.977). The square root
 * used before (793 at 1.16M, 0.984) was fit to hnswlib's float32 graph without re-scoring, and cost a third more
 * of the graph's time there.
 */
export function searchEf(ef: number, size: number): number {
  return size <= EF_REFERENCE_SIZE ? ef : Math.round(ef * (size / EF_REFERENCE_SIZE) ** EF_GROWTH);
}

export interface Neighbour {
  label: number;
  similarity: number;
}
