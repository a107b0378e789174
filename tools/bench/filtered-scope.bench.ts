// The vector half of a filtered search on a kept library (PDW_BENCH_REUSE=<folder kept by `PDW_BENCH_KEEP=1 npm run
// bench library`>), for scopes of about 2k, 10k, 23k (one folder), 40k and 100k chunks: the exact scan of the scope's
// stored vectors against the graph walk with the scope as its filter, each query timed both ways (p50/p99), and the
// graph's recall@10 against the exact top 10; and the worker's scan of the scope's int8 rows (graph-file-rows.ts). What EXACT_SEARCH_MAX_CHUNKS is set from.
import { loadavg } from 'node:os';
import type { FilterScope } from '../../src-main/search/filter-scope.ts';
import { nearestChunks, type ScopeLimits } from '../../src-main/search/vector-candidates.ts';
import { openKeptLibrary } from './kept-library.ts';
import type { BenchTable } from './table.ts';
import { percentile } from './vector-measure.ts';

/** Queries measured per scope (of the library benchmark's 300, evenly spaced). */
const QUERIES = 40;
const SCOPE_SIZES = [2_000, 10_000, 23_000, 40_000, 100_000];
/** The vector half's candidates (hybridSearch asks for 50). */
const CANDIDATES = 50;
const WAYS = ['exact', 'scan', 'graph'] as const;
type Way = (typeof WAYS)[number];
/** Each way forced, whatever the scope's size. */
const LIMITS: Record<Way, ScopeLimits> = { exact: { exact: Infinity }, scan: { exact: 0, scan: Infinity }, graph: { exact: 0, scan: 0 } };

export default async function filteredScopeBench(): Promise<BenchTable[]> {
  const { embedder, catalog, worker, dimension, chunks, queries: texts } = await openKeptLibrary('filtered-scope');
  const step = Math.max(1, Math.floor(texts.length / QUERIES));
  const queries = await embedder.embed(texts.filter((_, i) => i % step === 0).slice(0, QUERIES));
  const documentOf = catalog.documentOfChunk();
  const scopes = scopesOf(SCOPE_SIZES, documentOf);
  const load = [loadavg()[0]];
  const listed = performance.now();
  await worker.scan(queries[0] ?? new Float32Array(dimension), 1, [0]); // lists the base's rows first
  const listing = performance.now() - listed;
  const rows: (string | number)[][] = [];
  for (const scope of scopes) {
    const times: Record<Way, number[]> = { exact: [], scan: [], graph: [] };
    const recalled: Record<Way, number> = { exact: 0, scan: 0, graph: 0 };
    let sameTop50 = 0;
    for (const [q, query] of queries.entries()) {
      if (q === 0) for (const way of WAYS) await nearestChunks(catalog, worker, query, CANDIDATES, scope, LIMITS[way]); // warm up
      const answers = {} as Record<Way, number[]>;
      for (const way of WAYS) {
        const started = performance.now();
        answers[way] = (await nearestChunks(catalog, worker, query, CANDIDATES, scope, LIMITS[way])).map((n) => n.label);
        times[way].push(performance.now() - started);
      }
      const truth = new Set(answers.exact.slice(0, 10));
      for (const way of WAYS) recalled[way] += answers[way].slice(0, 10).filter((label) => truth.has(label)).length;
      if (answers.scan.join() === answers.exact.join()) sameTop50++;
    }
    const cells = (way: Way) => [percentile(times[way], 0.5), percentile(times[way], 0.99), (recalled[way] / (queries.length * 10)).toFixed(3)];
    rows.push([scope.chunks, ...cells('exact').slice(0, 2), ...cells('scan'), `${sameTop50}/${queries.length}`, ...cells('graph')]);
  }
  load.push(loadavg()[0]);
  await worker.close();
  catalog.close();
  return [
    {
      title: 'Filtered vector half: the scope read exactly, scanned by the worker, or the graph walked (a kept library)',
      columns: ['scope chunks', 'exact p50 ms', 'p99', 'scan p50 ms', 'p99', 'recall@10', 'top 50 = exact', 'graph p50 ms', 'p99', 'recall@10'],
      rows,
      notes: [
        `${chunks.toLocaleString('en')} chunks; ${queries.length} queries; ${CANDIDATES} candidates; scopes are whole documents of the first folders, in id order; load average ${load.map((l) => (l ?? 0).toFixed(2)).join(' → ')}; the worker's first scan listed the base's rows in ${listing.toFixed(0)} ms`,
        'exact = the scope\'s stored float32 vectors read from the catalog and compared one by one (the referee); scan = the scope\'s labels to the graph worker, compared with its mapped int8 rows, the best 200 re-scored from float32; graph = the filter as a bitmap to the graph worker, its answer re-scored from float32 (all as nearestChunks runs them)',
      ],
    },
  ];
}

/**
 * Scopes of the first documents (in id order, so folder by folder: a folder's documents are ingested together)
 * holding at least each size's chunks, as filterScope describes a filter's.
 */
function scopesOf(sizes: readonly number[], documentOf: ArrayLike<number>): FilterScope[] {
  const perDocument = new Map<number, number>();
  for (let chunk = 0; chunk < documentOf.length; chunk++) {
    const id = documentOf[chunk] ?? 0;
    if (id) perDocument.set(id, (perDocument.get(id) ?? 0) + 1);
  }
  const ordered = [...perDocument.keys()].sort((a, b) => a - b);
  return sizes.map((size) => {
    const documents = new Set<number>();
    let chunks = 0;
    for (const id of ordered) {
      if (chunks >= size) break;
      documents.add(id);
      chunks += perDocument.get(id) ?? 0;
    }
    const allowed = new Uint8Array((ordered.at(-1) ?? 0) + 1);
    for (const id of documents) allowed[id] = 1;
    return { documents, chunks, admits: (chunkId: number) => allowed[documentOf[chunkId] ?? 0] === 1 };
  });
}
