// The keyword half of a filtered search on a kept library (PDW_BENCH_REUSE=<folder kept by `PDW_BENCH_KEEP=1 npm run
// bench library`>), three ways, interleaved query by query: the global bm25 ranking read until enough are in scope
// (as before), FTS5 read between the scope's lowest and highest chunk id with its check in SQL (as search reads it
// now), and one read per run of consecutive chunk ids, merged. Scopes of 2%, 10% and 30% of the chunks in 1 or 8
// blocks of consecutive documents (folders ingested in one go), and a scattered one (every 50th document, as a date
// filter leaves them). All three must answer alike.
import { loadavg } from 'node:os';
import { documentScope, type FilterScope } from '../../src-main/search/filter-scope.ts';
import { KeywordHeads } from '../../src-main/search/keyword-heads.ts';
import { keywordCandidates } from '../../src-main/search/keyword-search.ts';
import type { ChunkScope, SearchCatalog } from '../../src-main/search/search-catalog.ts';
import { queryTerms } from '../../src-main/search/terms.ts';
import { openKeptLibrary } from './kept-library.ts';
import type { BenchTable } from './table.ts';
import { percentile } from './vector-measure.ts';

/** hybridSearch's keyword candidates. */
const CANDIDATES = 50;
const SHARES = [0.02, 0.1, 0.3];
const BLOCKS = [1, 8];
/** A scattered scope: every this many'th document. */
const SCATTER = 50;
/** Queries measured (of the library benchmark's 300, evenly spaced). */
const QUERIES = 150;
const WAYS = ['global', 'within', 'run by run'] as const;

interface BenchScope {
  label: string;
  scope: FilterScope;
  /** Its chunk ids as runs, for the run-by-run way (none for the scattered scope: one per document). */
  runs?: { first: number; last: number }[];
}

export default async function scopedKeywordsBench(): Promise<BenchTable[]> {
  const { catalog, worker, chunks, queries } = await openKeptLibrary('scoped-keywords');
  await worker.close(); // only the catalog is searched
  const heads = new KeywordHeads(catalog);
  if (!heads.isCurrent()) console.error('the kept library\'s keyword heads are not current: common terms are ranked by FTS5 alone');
  const load = [loadavg()[0]];
  const step = Math.max(1, Math.floor(queries.length / QUERIES));
  const termsOf = queries.filter((_, i) => i % step === 0).slice(0, QUERIES).map(queryTerms);
  const sizes = documentSizes(catalog);
  const scopes: BenchScope[] = [];
  for (const share of SHARES) for (const blocks of BLOCKS) scopes.push(blocksScope(catalog, sizes, share, blocks));
  scopes.push(scatteredScope(catalog, sizes));
  const rows: (string | number)[][] = [];
  for (const { label, scope, runs } of scopes) {
    const byRuns = runs ? runByRun(catalog, runs) : undefined;
    const times: Record<(typeof WAYS)[number], number[]> = { global: [], within: [], 'run by run': [] };
    const same = { within: 0, 'run by run': 0 };
    for (const [q, terms] of termsOf.entries()) {
      const run = {
        global: () => keywordCandidates(catalog, terms, CANDIDATES, scope.admits, heads),
        within: () => keywordCandidates(catalog, terms, CANDIDATES, scope, heads),
        'run by run': () => (byRuns ? keywordCandidates(byRuns, terms, CANDIDATES, scope, heads) : []),
      };
      const ways = byRuns ? [...WAYS] : WAYS.slice(0, 2);
      if (q < 5) for (const way of ways) run[way](); // warm up
      const answers = new Map<string, string>();
      for (const way of q % 2 ? ways.reverse() : ways) {
        const started = performance.now();
        answers.set(way, run[way]().join());
        times[way].push(performance.now() - started);
      }
      if (answers.get('within') === answers.get('global')) same.within++;
      if (answers.get('run by run') === answers.get('global')) same['run by run']++;
    }
    const cells = (way: (typeof WAYS)[number]) => (times[way].length ? [percentile(times[way], 0.5), percentile(times[way], 0.99)] : ['–', '–']);
    rows.push([
      label,
      scope.chunks,
      runs?.length ?? '–',
      ...cells('global'),
      ...cells('within'),
      `${same.within}/${termsOf.length}`,
      ...cells('run by run'),
      byRuns ? `${same['run by run']}/${termsOf.length}` : '–',
    ]);
  }
  load.push(loadavg()[0]);
  catalog.close();
  return [
    {
      title: 'Filtered keyword half: the global ranking, the scope\'s ids with its check in SQL, and run by run (a kept library)',
      columns: ['scope', 'chunks', 'runs', 'global p50 ms', 'p99', 'within p50 ms', 'p99', 'same as global', 'run by run p50 ms', 'p99', 'same as global'],
      rows,
      notes: [
        `${chunks.toLocaleString('en')} chunks; ${termsOf.length} queries (of the library benchmark's); ${CANDIDATES} candidates, keyword heads in use; the ways interleaved query by query; load average ${load.map((l) => (l ?? 0).toFixed(2)).join(' → ')}`,
        `global = the global bm25 ranking read past ${CANDIDATES} until ${CANDIDATES} are in scope (every match of the terms in play; before); within = FTS5 MATCH with rowid BETWEEN the scope's lowest and highest chunk id and the scope's check as an SQL function, so bm25 scores only the scope's matches (search now); run by run = one such read per run of consecutive ids, merged (each read pays FTS5's count of every term's chunks for bm25's idf again)`,
        'scopes: blocks of consecutive documents (ids) spread evenly over the library, as folders ingested in one go; the scattered one as a date filter leaves documents',
      ],
    },
  ];
}

/** The catalog with keywordSearchWithin read once per run and merged by bm25, ties to the lower id. */
function runByRun(catalog: SearchCatalog, runs: readonly { first: number; last: number }[]): SearchCatalog {
  const within = (match: string, limit: number, scope: ChunkScope) =>
    runs
      .flatMap((run) => catalog.keywordSearchWithin(match, limit, { ...run, admits: scope.admits }))
      .sort((a, b) => a.bm25 - b.bm25 || a.chunkId - b.chunkId)
      .slice(0, limit);
  return new Proxy(catalog, {
    get(object, key) {
      if (key === 'keywordSearchWithin') return within;
      const value: unknown = Reflect.get(object, key);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/** Documents in id order, each with its chunk count. */
function documentSizes(catalog: SearchCatalog): [number, number][] {
  const sizes = new Map<number, number>();
  for (const id of catalog.documentOfChunk()) if (id) sizes.set(id, (sizes.get(id) ?? 0) + 1);
  return [...sizes].sort((a, b) => a[0] - b[0]);
}

/** `blocks` blocks of consecutive documents spread evenly over the library, together holding `share` of its chunks. */
function blocksScope(catalog: SearchCatalog, sizes: readonly [number, number][], share: number, blocks: number): BenchScope {
  const spans = catalog.documentChunkSpans();
  const perBlock = (catalog.chunkCount() * share) / blocks;
  const documents = new Set<number>();
  const runs: { first: number; last: number }[] = [];
  let chunks = 0;
  for (let block = 0; block < blocks; block++) {
    let inBlock = 0;
    const run = { first: Infinity, last: 0 };
    for (let d = Math.floor((block * sizes.length) / blocks); d < sizes.length && inBlock < perBlock; d++) {
      const [id, size] = sizes[d] ?? [0, 0];
      documents.add(id);
      inBlock += size;
      run.first = Math.min(run.first, spans.first[id] ?? Infinity);
      run.last = Math.max(run.last, spans.last[id] ?? 0);
    }
    chunks += inBlock;
    runs.push(run);
  }
  return { label: `${share * 100}% in ${blocks} block${blocks > 1 ? 's' : ''}`, scope: documentScope(catalog, documents, chunks), runs };
}

function scatteredScope(catalog: SearchCatalog, sizes: readonly [number, number][]): BenchScope {
  const documents = new Set<number>();
  let chunks = 0;
  sizes.forEach(([id, size], d) => {
    if (d % SCATTER === 0) {
      documents.add(id);
      chunks += size;
    }
  });
  return { label: `every ${SCATTER}th document`, scope: documentScope(catalog, documents, chunks) };
}
