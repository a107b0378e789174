// The vector half of a search: the chunks nearest the query by meaning, among the allowed documents when
// a filter restricts them. Few allowed chunks are compared with the query one by one, from their stored
// vectors: the graph would have to wander far to find a few allowed neighbours (35 ms for a folder of 2% of
// 115k chunks, against about 6 ms), and the answer is exact. Otherwise the graph search skips labels whose
// document is not allowed. The graph keeps its vectors as int8, so its similarities are approximate: the chunks it
// finds are scored again from their stored float32 vectors (read by primary key), which gives both paths one
// exact scale and order. A scope too big for the catalog's reads but small against the graph is scanned by the graph's
// worker instead: every one of its chunks compared with the query from the int8 vectors of the mapped graph file,
// the best few times n scored again from float32, so its answer is the exact one too.
import type { SearchCatalog } from './search-catalog.ts';
import type { Neighbour } from '../vector/index.ts';
import type { FilterScope } from './filter-scope.ts';
import { higherFirst } from './order.ts';

/** What the vector half searches: the graph itself (HnswIndex) or the worker thread that owns it. */
export interface NearestNeighbours {
  readonly size: number;
  search(query: Float32Array, k: number, filter?: (label: number) => boolean): Neighbour[] | Promise<Neighbour[]>;
  /** The k of `labels` nearest by the graph's own vectors, and the labels it holds no current vector of. */
  scan?(query: Float32Array, k: number, labels: ArrayLike<number>): Promise<{ found: Neighbour[]; missing: number[] }>;
}

/** Up to this many allowed chunks, the filtered search compares every one of them with the query. */
export const EXACT_SEARCH_MAX_CHUNKS = 4000;
/** Up to this many, the graph's worker scans them (when it can: a mapped int8 graph); above, the graph walk is quicker (filtered-scope bench). */
export const SCAN_SEARCH_MAX_CHUNKS = 50_000;
/**
 * The scan keeps this many times n by int8 similarity for the float32 re-scoring: int8 rounding reorders only
 * near-ties, so the exact top n is among them.
 */
const SCAN_MARGIN = 4;

export interface ScopeLimits {
  exact?: number;
  scan?: number;
}

export function nearestChunks(catalog: SearchCatalog, index: NearestNeighbours, vector: Float32Array, n: number, scope?: FilterScope, limits: ScopeLimits = {}): Neighbour[] | Promise<Neighbour[]> {
  if (scope && scope.chunks <= (limits.exact ?? EXACT_SEARCH_MAX_CHUNKS)) return exactNearest(catalog.vectorsOf(scope.documents), vector, n);
  if (scope && index.scan && scope.chunks <= (limits.scan ?? SCAN_SEARCH_MAX_CHUNKS)) {
    // A graph file the scan cannot read (another layout) leaves the search to the walk, slower but answered.
    return scannedNearest(catalog, index.scan.bind(index), vector, n, scope).catch(() => walked(catalog, index, vector, n, scope));
  }
  return walked(catalog, index, vector, n, scope);
}

function walked(catalog: SearchCatalog, index: NearestNeighbours, vector: Float32Array, n: number, scope?: FilterScope): Neighbour[] | Promise<Neighbour[]> {
  const found = scope ? index.search(vector, n, scope.admits) : index.search(vector, n);
  return found instanceof Promise ? found.then((neighbours) => rescored(catalog, neighbours, vector)) : rescored(catalog, found, vector);
}

/** The scope's chunks scanned by the worker, its best re-scored from float32 with those it could not score. */
async function scannedNearest(catalog: SearchCatalog, scan: NonNullable<NearestNeighbours['scan']>, query: Float32Array, n: number, scope: FilterScope): Promise<Neighbour[]> {
  const { found, missing } = await scan(query, n * SCAN_MARGIN, chunksIn(catalog, scope));
  const labels = [...found.map((f) => f.label), ...missing];
  const vectors = catalog.vectorsOfChunks(labels);
  return exactNearest(labels.flatMap((id) => (vectors.has(id) ? [{ id, vector: vectors.get(id) as Float32Array }] : [])), query, n);
}

/** The ids of the scope's chunks (a pass over the catalog's chunk → document map). */
function chunksIn(catalog: SearchCatalog, scope: FilterScope): Float64Array {
  const documentOf = catalog.documentOfChunk();
  const ids = new Float64Array(scope.chunks);
  let count = 0;
  for (let chunk = 0; chunk < documentOf.length && count < ids.length; chunk++) if (scope.admits(chunk)) ids[count++] = chunk;
  return ids.subarray(0, count);
}

/** The graph's neighbours with their exact similarity, re-ordered by it (a chunk without a stored vector keeps the graph's). */
function rescored(catalog: SearchCatalog, found: Neighbour[], query: Float32Array): Neighbour[] {
  const vectors = catalog.vectorsOfChunks(found.map((n) => n.label));
  const stored = found.filter((n) => vectors.has(n.label)).map((n) => ({ id: n.label, vector: vectors.get(n.label) as Float32Array }));
  const exact = exactNearest(stored, query, stored.length);
  if (stored.length === found.length) return exact;
  return [...exact, ...found.filter((n) => !vectors.has(n.label))].sort((a, b) => higherFirst(a.similarity, b.similarity) || a.label - b.label);
}

/** The n most cosine-similar vectors, by brute force (the graph's metric, so both paths rank alike). */
export function exactNearest(candidates: Iterable<{ id: number; vector: Float32Array }>, query: Float32Array, n: number): Neighbour[] {
  const queryNorm = Math.hypot(...query) || 1;
  const scored: Neighbour[] = [];
  for (const { id, vector } of candidates) {
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < vector.length; i++) {
      const x = vector[i] ?? 0;
      dot += x * (query[i] ?? 0);
      norm += x * x;
    }
    scored.push({ label: id, similarity: norm ? dot / (Math.sqrt(norm) * queryNorm) : 0 });
  }
  return scored.sort((a, b) => higherFirst(a.similarity, b.similarity) || a.label - b.label).slice(0, n);
}
