// What a search allocates on the main thread's JS heap, on a kept library (PDW_BENCH_REUSE=<folder kept by
// `PDW_BENCH_KEEP=1 npm run bench library`>), over the library benchmark's queries: bytes per search and the
// young-generation collections (scavenges) they cause, with their pauses. Scavenges run on the thread that searches,
// so each is a pause some search pays. Bytes are counted exactly per pass: the heap's growth plus what each collection
// freed (v8.GCProfiler reports the heap before and after each), so they can be measured while the machine is busy;
// pauses cannot. PDW_BENCH_PROFILE=<n> adds the n functions that allocate most over a pass of hybrid searches
// (V8's sampling heap profiler, counting what was collected too).
import { Session } from 'node:inspector/promises';
import { GCProfiler } from 'node:v8';
import { hybridSearch, type SearchSources } from '../../src-main/search/hybrid-search.ts';
import { KeywordHeads } from '../../src-main/search/keyword-heads.ts';
import type { SearchMode } from '../../src-shared/contract/library.ts';
import { openKeptLibrary } from './kept-library.ts';
import type { BenchTable } from './table.ts';
import { percentile } from './vector-measure.ts';

const PASSES = 3;
const MODES: SearchMode[] = ['hybrid', 'keyword', 'vector'];
/** One sample per this many bytes allocated, on average (V8's default is 32 KiB). */
const PROFILE_INTERVAL = 4096;

export default async function searchAllocBench(): Promise<BenchTable[]> {
  const { embedder, catalog, worker, documents, chunks, queries } = await openKeptLibrary('search-alloc');
  const keywordHeads = new KeywordHeads(catalog);
  if (!keywordHeads.isCurrent()) console.error("the kept library's keyword heads are not current: common terms are ranked by FTS5 alone");
  const sources: SearchSources = { catalog, embedder, index: worker, keywordHeads };
  const search = (query: string, mode: SearchMode) => hybridSearch(sources, query, { k: 10, mode });
  for (const mode of MODES) for (const q of queries.slice(0, 20)) await search(q, mode); // warm up

  const rows: (string | number)[][] = [];
  for (const mode of MODES) {
    for (let pass = 1; pass <= PASSES; pass++) {
      const measured = await measurePass(queries, (q) => search(q, mode));
      rows.push([mode, pass, measured.bytesPerSearch, measured.medianBytes, measured.scavenges, measured.scavengeMs, measured.maxScavengeMs, measured.majorGcs]);
    }
  }
  const tables: BenchTable[] = [
    {
      title: 'Allocation per search on the main thread (a kept library)',
      columns: ['mode', 'pass', 'bytes / search', 'median bytes', `scavenges / ${queries.length}`, 'scavenge ms in all', 'longest ms', 'major GCs'],
      rows,
      notes: [
        `${chunks.toLocaleString('en')} chunks, ${documents.toLocaleString('en')} documents, ${queries.length} queries of 2–5 words (the library benchmark's), k = 10, one after another; ${PASSES} passes per mode after 20 searches of each to warm up (pass 1 counts the queries' terms, later passes find the counts kept)`,
        'bytes / search = the pass\'s allocation on the JS heap (heap growth + what each collection freed) / searches; median bytes = the median of each search\'s heap growth (a search with a collection in it shows less)',
        'scavenges = young-generation collections during the pass (main thread); their pauses depend on the machine\'s load, the counts and bytes hardly',
      ],
    },
  ];
  const profiled = Number(process.env.PDW_BENCH_PROFILE ?? 0);
  if (profiled > 0) tables.push(await allocationSites(queries, (q) => search(q, 'hybrid'), profiled));
  await worker.close();
  catalog.close();
  return tables;
}

interface PassAllocation {
  bytesPerSearch: number;
  medianBytes: number;
  scavenges: number;
  scavengeMs: number;
  maxScavengeMs: number;
  majorGcs: number;
}

/** One pass over the queries, its allocation counted from the heap and the collections V8 reports. */
async function measurePass(queries: readonly string[], run: (query: string) => Promise<unknown>): Promise<PassAllocation> {
  const profiler = new GCProfiler();
  const growth: number[] = [];
  profiler.start();
  const first = heapUsed();
  for (const query of queries) {
    const before = heapUsed();
    await run(query);
    growth.push(heapUsed() - before);
  }
  const last = heapUsed();
  const collections = profiler.stop()?.statistics ?? [];
  const freed = collections.reduce((sum, gc) => sum + gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize, 0);
  const scavenges = collections.filter((gc) => gc.gcType === 'Scavenge');
  const pauses = scavenges.map((gc) => gc.cost / 1000); // µs → ms
  return {
    bytesPerSearch: Math.round((last - first + freed) / queries.length),
    medianBytes: Math.round(percentile(growth, 0.5)),
    scavenges: scavenges.length,
    scavengeMs: pauses.reduce((sum, ms) => sum + ms, 0),
    maxScavengeMs: Math.max(0, ...pauses),
    majorGcs: collections.filter((gc) => gc.gcType === 'MarkSweepCompact').length,
  };
}

function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

/** The functions that allocate most over a pass (self bytes, sampled; collected objects counted). */
async function allocationSites(queries: readonly string[], run: (query: string) => Promise<unknown>, top: number): Promise<BenchTable> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: PROFILE_INTERVAL, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (const query of queries) await run(query);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  // A built-in (Map.set, Array.from: no script) is charged to the nearest caller that has one, named beside it.
  const bySite = new Map<string, number>();
  const walk = (node: typeof profile.head, caller: string) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const own = url ? `${name} ${url.replace(/^.*\/(src-main|tools|node_modules)\//, '$1/')}:${lineNumber + 1}` : caller;
    const site = url || !caller ? own || name : `${caller} ← ${name}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, own);
  };
  walk(profile.head, '');
  const total = [...bySite.values()].reduce((sum, bytes) => sum + bytes, 0);
  const rows = [...bySite]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([site, bytes]) => [site, Math.round(bytes / queries.length), `${((100 * bytes) / total).toFixed(1)}%`]);
  return {
    title: 'Where a hybrid search allocates (sampling heap profiler, one pass)',
    columns: ['function (file:line)', 'bytes / search', 'share'],
    rows,
    notes: [`sampled every ${PROFILE_INTERVAL} bytes on average; ${Math.round(total / queries.length).toLocaleString('en')} bytes / search sampled in all`],
  };
}
