// Filtered graph searches for the graph-library comparison: hnswlib skips disallowed labels inside its walk, the
// library's UsearchIndex asks for more candidates until enough pass the filter (USearch's JS binding takes no
// predicate). Scopes: one folder of 5,000 consecutive chunks (just above the 4,000 under which the library compares
// a scope's vectors one by one instead), a tenth of the chunks spread evenly, and half of them.
import type { Neighbour } from '../../src-main/vector/hnsw-index.ts';
import { exactSimilarity, type VectorCorpus } from './vector-corpus.ts';
import { CANDIDATES, percentile } from './vector-measure.ts';

type FilteredSearch = (query: Float32Array, k: number, filter: (label: number) => boolean) => Neighbour[];

const PASSES = 3;

export function filterScopes(size: number): { name: string; allows: (label: number) => boolean }[] {
  const folderStart = Math.floor(size / 2);
  return [
    { name: 'one folder (5,000 chunks)', allows: (label) => label >= folderStart && label < folderStart + 5000 },
    { name: 'a tenth, spread', allows: (label) => label % 10 === 3 },
    { name: 'half, spread', allows: (label) => label % 2 === 0 },
  ];
}

/** Per graph and scope: recall@10 against the exact filtered top 10, and p50/p99 (wall, best of PASSES) at k = 50. */
export function filteredRows(corpus: VectorCorpus, graphs: { name: string; search: FilteredSearch }[]): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const scope of filterScopes(corpus.count)) {
    const tenth = corpus.queries.map((query) => exactFilteredTenth(corpus, query, scope.allows));
    for (const graph of graphs) {
      let found = 0;
      corpus.queries.forEach((query, q) => {
        const hits = graph.search(query, 10, scope.allows);
        found += hits.filter((hit) => scope.allows(hit.label) && exactSimilarity(corpus, hit.label, query) >= (tenth[q] ?? 0) - 1e-5).length;
      });
      const wall = corpus.queries.map(() => Infinity);
      for (let pass = 0; pass < PASSES; pass++) {
        corpus.queries.forEach((query, q) => {
          const started = performance.now();
          graph.search(query, CANDIDATES, scope.allows);
          wall[q] = Math.min(wall[q] ?? Infinity, performance.now() - started);
        });
      }
      rows.push([corpus.count, scope.name, graph.name, Number((found / (10 * corpus.queries.length)).toFixed(4)), percentile(wall, 0.5), percentile(wall, 0.99)]);
    }
  }
  return rows;
}

function exactFilteredTenth(corpus: VectorCorpus, query: Float32Array, allows: (label: number) => boolean): number {
  const best: number[] = [];
  for (let label = 0; label < corpus.count; label++) {
    if (!allows(label)) continue;
    const similarity = exactSimilarity(corpus, label, query);
    if (best.length < 10 || similarity > (best[9] as number)) {
      best.push(similarity);
      best.sort((a, b) => b - a);
      best.length = Math.min(best.length, 10);
    }
  }
  return best[9] ?? -Infinity;
}
