// A hybrid search step by step on a kept library (PDW_BENCH_REUSE=<folder kept by `PDW_BENCH_KEEP=1 npm run bench
// library`>), with the library benchmark's own queries: each step's time (hybridSearch's `trace`), each catalog read's
// (the catalog wrapped), and the graph worker's answer, p50 and p99 over the queries (each query's best of 3). With
// PDW_BENCH_BEFORE=<another tree's src-main/search/hybrid-search.ts> that search runs too, query by query interleaved
// with this one on the same catalog and worker, and the two must answer alike (ranking, scores and snippets).
// PDW_BENCH_DUMP=<file> writes every answer as JSON, to compare runs of different trees. PDW_BENCH_FOLDER=<a folder
// of the library> filters every search to it; PDW_BENCH_MODIFIED=<from ms>,<to ms> to the files modified then.
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { hybridSearch, type SearchSources } from '../../src-main/search/hybrid-search.ts';
import { KeywordHeads } from '../../src-main/search/keyword-heads.ts';
import type { LibraryFilter } from '../../src-main/search/search-catalog.ts';
import type { SearchResult } from '../../src-shared/contract/library.ts';
import { openKeptLibrary } from './kept-library.ts';
import type { BenchTable } from './table.ts';
import { percentile } from './vector-measure.ts';

const PASSES = 3;
type Search = (sources: SearchSources, query: string, options: { k: number; filter?: LibraryFilter; trace?: (step: string) => void }) => Promise<SearchResult[]>;

export default async function searchStepsBench(): Promise<BenchTable[]> {
  const { embedder, catalog, worker, documents, chunks, queries } = await openKeptLibrary('search-steps');
  const load = [loadavg()[0]];
  const filter = benchFilter();

  const times = new Map<string, number[]>(); // step → each query's best time
  let pass = 0;
  let query = 0;
  // Summed within one search (a read may run more than once), then each query's best of the passes kept.
  let sums = new Map<string, number>();
  let variant = ''; // '' for this tree's search, 'before: ' for PDW_BENCH_BEFORE's
  const keep = (name: string, ms: number) => sums.set(variant + name, (sums.get(variant + name) ?? 0) + ms);
  const record = () => {
    for (const [name, ms] of sums) {
      let row = times.get(name);
      if (!row) times.set(name, (row = new Array<number>(queries.length).fill(Infinity)));
      row[query] = Math.min(row[query] ?? Infinity, ms);
    }
    sums = new Map();
  };
  const timedCatalog = timeCalls(catalog, (method, ms) => keep(`read: ${method}`, ms));
  const timedWorker = {
    get size() {
      return worker.size;
    },
    search: (vector: Float32Array, k: number, filter?: (label: number) => boolean) => {
      const posted = performance.now();
      return worker.search(vector, k, filter).then((found) => {
        keep('graph worker: posted → answer seen', performance.now() - posted);
        return found;
      });
    },
    scan: (vector: Float32Array, k: number, labels: ArrayLike<number>) => {
      const posted = performance.now();
      return worker.scan(vector, k, labels).then((scanned) => {
        keep('graph worker: scan posted → answer seen', performance.now() - posted);
        return scanned;
      });
    },
  };
  const keywordHeads = new KeywordHeads(timedCatalog);
  if (!keywordHeads.isCurrent()) console.error('the kept library\'s keyword heads are not current: common terms are ranked by FTS5 alone');
  const sources: SearchSources = { catalog: timedCatalog, embedder, index: timedWorker, keywordHeads };
  const before = process.env.PDW_BENCH_BEFORE ? ((await import(process.env.PDW_BENCH_BEFORE)) as { hybridSearch: Search }).hybridSearch : undefined;
  const answers: SearchResult[][] = [];
  const beforeAnswers: SearchResult[][] = [];
  for (const q of queries.slice(0, 20)) for (const search of before ? [hybridSearch, before] : [hybridSearch]) await search(sources, q, { k: 10, filter }); // warm up
  sums = new Map();
  for (pass = 0; pass < PASSES; pass++) {
    for (query = 0; query < queries.length; query++) {
      const text = queries[query] as string;
      // Both searches read through the same timed catalog and worker, each with its steps traced (a tree whose
      // search takes no trace shows its whole time only).
      const timed = async (search: Search, name: string, kept: SearchResult[][]) => {
        variant = name;
        let last = performance.now();
        const started = last;
        let answered = NaN;
        const trace = (step: string) => {
          const now = performance.now();
          keep(`step: ${step}`, now - last);
          last = now;
          if (step === 'vector half wait') answered = now;
        };
        const results = await search(sources, text, { k: 10, filter, trace });
        const ended = performance.now();
        keep('whole search', ended - started);
        if (answered) keep('after the vector half is in (steps after its wait)', ended - answered);
        record();
        if (pass === 0) kept[query] = results;
      };
      const runs = [() => timed(hybridSearch, '', answers)];
      if (before) runs.push(() => timed(before, 'before: ', beforeAnswers));
      if ((query + pass) % 2) runs.reverse();
      for (const run of runs) await run();
    }
  }
  load.push(loadavg()[0]);
  const mismatches = queries.flatMap((_, q) => (isDeepStrictEqual(answers[q], beforeAnswers[q]) ? [] : [q]));
  await worker.close();
  catalog.close();
  if (process.env.PDW_BENCH_DUMP) await writeFile(process.env.PDW_BENCH_DUMP, JSON.stringify({ queries, answers }));
  const summary = (row: number[] | undefined) => {
    const made = (row ?? []).filter(Number.isFinite); // reads some searches do not make
    return made.length ? [made.length, percentile(made, 0.5), percentile(made, 0.99)] : ['–', '–', '–'];
  };
  const names = [...new Set([...times.keys()].map((name) => name.replace(/^before: /, '')))];
  const rows = names.map((name) => [name, ...summary(times.get(name)), ...(before ? summary(times.get(`before: ${name}`)) : [])]);
  const notes = [
    `${chunks.toLocaleString('en')} chunks, ${documents.toLocaleString('en')} documents, ${queries.length} queries of 2–5 words (the library benchmark's), k = 10, hybrid${filter ? `, filtered ${JSON.stringify(filter)}` : ''}; each query's best of ${PASSES} passes; load average ${load.map((l) => (l ?? 0).toFixed(2)).join(' → ')}`,
    'step: = the time between hybridSearch\'s trace calls (a read is timed inside the step that makes it); read: = the catalog method\'s time, summed within a search; searches = how many of the queries made that read (percentiles over those)',
    'graph worker = from posting the graph search to seeing its answer, which the main thread sees only once the keyword half is done',
  ];
  if (before) notes.push(`PDW_BENCH_BEFORE answered differently (ranking, scores or snippets) on ${mismatches.length} of ${queries.length} queries${mismatches.length ? `, e.g. "${queries[mismatches[0] ?? 0]}"` : ''}`);
  return [{ title: 'Hybrid search step by step (a kept library)', columns: ['step', 'searches', 'p50 ms', 'p99 ms', ...(before ? ['before: searches', 'p50 ms', 'p99 ms'] : [])], rows, notes }];
}

/** The filter of every search: PDW_BENCH_FOLDER and PDW_BENCH_MODIFIED (both ms since the epoch, inclusive). */
function benchFilter(): LibraryFilter | undefined {
  const filter: LibraryFilter = {};
  if (process.env.PDW_BENCH_FOLDER) filter.folder = process.env.PDW_BENCH_FOLDER;
  const modified = process.env.PDW_BENCH_MODIFIED?.split(',').map(Number);
  if (modified) {
    if (modified.length !== 2 || !modified.every(Number.isFinite)) throw new Error('PDW_BENCH_MODIFIED takes two times in ms since the epoch: <from>,<to>');
    [filter.modifiedAfter, filter.modifiedBefore] = modified;
  }
  return Object.keys(filter).length ? filter : undefined;
}

/** The object with each method call timed (`told` after it returns), for the catalog's reads. */
function timeCalls<T extends object>(target: T, told: (method: string, ms: number) => void): T {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
        told(key, performance.now() - started);
        return result;
      };
    },
  });
}
