// One setting of the search-gc benchmark (search-gc.bench.ts): opens the kept library at argv[2] as the app does,
// times the library benchmark's queries in each mode, counts the main thread's collections, prints JSON.
import { join } from 'node:path';
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { openLibrary } from '../../src-main/library/library.ts';
import { benchDocuments, Corpus, timeQueries } from './library.bench.ts';
import { EMBEDDER_CACHE } from './vector-corpus.ts';

const root = process.argv[2];
if (!root) throw new Error('usage: search-gc-child.ts <kept library folder>');
const embedder = await createBundledEmbedder(EMBEDDER_CACHE);
const library = await openLibrary({ dataDir: join(root, 'data'), embedder });
await library.settle();
const { documents, chunks } = library.stats();
const queries = await benchDocuments(new Corpus(embedder, chunks), documents);
for (const q of queries.slice(0, 20)) await library.search(q); // warm up

const gcs = { minor: 0, minorMs: 0, longestMinorMs: 0, major: 0 };
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
      gcs.minor++;
      gcs.minorMs += entry.duration;
      gcs.longestMinorMs = Math.max(gcs.longestMinorMs, entry.duration);
    } else gcs.major++;
  }
});
observer.observe({ entryTypes: ['gc'] });
const hybrid = await timeQueries(queries, (q) => library.search(q, { k: 10 }));
const vector = await timeQueries(queries, (q) => library.search(q, { k: 10, mode: 'vector' }));
const keyword = await timeQueries(queries, (q) => library.search(q, { k: 10, mode: 'keyword' }));
await new Promise((resolve) => setTimeout(resolve, 50)); // the observer's last entries
observer.disconnect();
await library.close();
const round = (ms: number) => Number(ms.toFixed(2));
console.log(JSON.stringify({ hybrid, vector, keyword, minorGcs: gcs.minor, minorGcMs: round(gcs.minorMs), longestMinorGcMs: round(gcs.longestMinorMs), majorGcs: gcs.major }));
