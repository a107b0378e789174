// Vector benchmark at library sizes too large to ingest for every run (a million chunks took 57 minutes through
// the pipeline): the graph is built directly from the bundled embedder's vectors of the library benchmark's text
// through the library's graph (UsearchIndex) and its index file (vector-corpus.ts, vector-graph.ts, both cached in the temp folder), then
//  - recall@10 against exact search and the graph search's latency, for several ef values and the adaptive one;
//  - in a fresh process: the graph's load time and the RSS it adds;
//  - in a fresh process: a real library whose saved graph is that one, opened as the app opens it — the time to
//    the first answered search (keyword-only while the graph is read) and to the first hybrid one.
// PDW_BENCH_VECTORS sets the sizes (default 100000,1000000: prefixes of one million-vector corpus, whose graphs one
// build saves as it passes each size); PDW_BENCH_EF the ef values to sweep.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../src-main/library/catalog.ts';
import { libraryPaths, openLibrary } from '../../src-main/library/library.ts';
import { DEFAULT_HNSW_PARAMS, searchEf } from '../../src-main/vector/hnsw-index.ts';
import { loadIndex, metaPathFor } from '../../src-main/vector/index-file.ts';
import { DEFAULT_QUANTIZATION } from '../../src-main/vector/usearch-index.ts';
import type { VectorIndex } from '../../src-main/vector/vector-index.ts';
import { Corpus } from './library.bench.ts';
import type { BenchTable } from './table.ts';
import { corpusPrefix, EMBEDDER_CACHE, vectorCorpus, type VectorCorpus } from './vector-corpus.ts';
import { CANDIDATES, measureSearch, type Measured } from './vector-measure.ts';
import { ensureGraphs } from './vector-graph.ts';

const SIZES = (process.env.PDW_BENCH_VECTORS ?? '100000,1000000').split(',').map(Number);
/** Every size is a prefix of one corpus of at least a million vectors, so their graphs come from one build. */
const CORPUS = Math.max(1_000_000, ...SIZES);
const EF_SWEEP = (process.env.PDW_BENCH_EF ?? '250,400,600,800').split(',').map(Number);
const PASSES = 5;
const OPEN_PASSES = 3;
const run = promisify(execFile);

export default async function vectorBench(): Promise<BenchTable[]> {
  // PDW_BENCH_EFC builds with another efConstruction (a quicker build of a weaker graph: its recall is a lower bound).
  const params = { ...DEFAULT_HNSW_PARAMS, ...(process.env.PDW_BENCH_EFC ? { efConstruction: Number(process.env.PDW_BENCH_EFC) } : {}) };
  const rows: (string | number)[][] = [];
  const sweep: (string | number)[][] = [];
  const whole = await vectorCorpus(CORPUS);
  const { paths, insertsPerSecond } = await ensureGraphs(whole, SIZES, params, (line) => console.error(line));
  for (const size of SIZES) {
    const corpus = await corpusPrefix(whole, size);
    const path = paths.get(size) as string;
    const load = await loadInFreshProcess(path);
    const opened = await openLibraryInFreshProcess(path, corpus);
    const loaded = await loadIndex(path, { generation: 0 });
    if (!loaded.index) throw new Error(`benchmark graph did not load: ${loaded.reason}`);
    const adaptive = searchEf(params.ef, loaded.index.size);
    for (const ef of [...new Set([...EF_SWEEP, adaptive])].sort((a, b) => a - b)) {
      const measured = measure(loaded.index, corpus, ef);
      sweep.push([size, ef === adaptive ? `${ef} (adaptive)` : ef, measured.recall, measured.p50, measured.p99, measured.cpuP50, measured.cpuP99]);
    }
    const atAdaptive = measure(loaded.index, corpus, adaptive);
    rows.push([size, '–', insertsPerSecond ?? 'cached', '–', atAdaptive.p50, atAdaptive.p99, '–', atAdaptive.p99, atAdaptive.recall, `${opened.firstResultMs} (CPU ${opened.firstResultCpuMs})`, opened.rssMb, '–']);
    rows.push([`${size} (graph in)`, '–', '–', '–', '–', '–', '–', '–', '–', `${opened.hybridMs} (CPU ${opened.hybridCpuMs})`, opened.rssHybridMb, load.rssMb]);
  }
  return [
    {
      title: `Vector half at scale, graph built directly (bundled embedder, USearch ${DEFAULT_QUANTIZATION} M=${params.m} efC=${params.efConstruction}, ef adaptive from ${params.ef})`,
      columns: ['chunks', 'docs', 'graph inserts/s', 'then settled in s', 'graph p50 ms', 'graph p99 ms', 'keyword p99 ms', 'vector p99 ms', 'recall@10', 'open→first result ms', 'RSS after open MB', 'RSS graph alone MB'],
      rows,
      notes: [
        'the same columns as the library benchmark; what needs a catalog of that size (ingest, keyword half, whole query) is the library benchmark\'s and shows –',
        `graph p50/p99 = the graph's search of the 300 query vectors with k=${CANDIDATES} (what a search asks of the graph), each query's best of ${PASSES} passes; recall@10 against exact cosine top 10 over all vectors, each hit judged by its exact similarity (not the graph's int8 one)`,
        'open→first result: a fresh Node process imports and opens a library whose saved graph is this one and answers a search (keyword-only while the graph is read); the "graph in" row: until the graph answers, and RSS then; CPU = the process\'s user + system time by then (all threads), which other work on the machine does not inflate',
        'RSS graph alone: a fresh process that only loads the graph through loadIndex',
      ],
    },
    {
      title: 'Graph search: recall@10 against exact and latency by ef',
      columns: ['chunks', 'ef', 'recall@10', `p50 ms (k=${CANDIDATES})`, `p99 ms (k=${CANDIDATES})`, 'CPU p50 ms', 'CPU p99 ms'],
      notes: [`each query's best of ${PASSES} passes; CPU = the process's user + system time during the search`],
      rows: sweep,
    },
  ];
}

/** Recall@10 and latency of the library's graph search at `ef` (vector-measure.ts). */
function measure(index: VectorIndex, corpus: VectorCorpus, ef: number): Measured {
  return measureSearch(corpus, ef, (query, k, e) => index.search(query, k, undefined, e), PASSES);
}

async function loadInFreshProcess(path: string): Promise<{ loadMs: number; rssMb: number }> {
  const indexFileUrl = new URL('../../src-main/vector/index-file.ts', import.meta.url).href;
  const script = `
    const { loadIndex } = await import(${JSON.stringify(indexFileUrl)});
    const t = performance.now();
    const loaded = await loadIndex(${JSON.stringify(path)}, { generation: 0 });
    if (!loaded.index) throw new Error(loaded.reason);
    console.log(JSON.stringify({ loadMs: Math.round(performance.now() - t), rssMb: Math.round(process.memoryUsage().rss / 1048576) }));`;
  return lastJsonLine(await run(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 1 << 20 }));
}

/**
 * A small real library (a catalog of a few hundred chunks) whose saved graph is replaced by the benchmark's: its
 * open path reads the description, then the graph, as with a library of that size (the catalog's own cost at that
 * size is the library benchmark's).
 */
interface OpenMeasure {
  firstResultMs: number;
  firstResultCpuMs: number;
  hybridMs: number;
  hybridCpuMs: number;
  rssMb: number;
  rssHybridMb: number;
}

async function openLibraryInFreshProcess(graph: string, corpus: VectorCorpus): Promise<OpenMeasure> {
  const root = await mkdtemp(join(tmpdir(), 'pdw-vector-bench-'));
  try {
    const embedder = await createBundledEmbedder(EMBEDDER_CACHE);
    const text = new Corpus(embedder, 0);
    await writeFile(join(root, 'doc.txt'), text.document());
    const dataDir = join(root, 'data');
    const library = await openLibrary({ dataDir, embedder });
    await library.ingest([join(root, 'doc.txt')]);
    await library.close();
    const paths = libraryPaths(dataDir);
    const catalog = Catalog.open(paths.catalog);
    const generation = catalog.generation();
    catalog.close();
    await copyFile(graph, paths.index);
    const meta = JSON.parse(await readFile(metaPathFor(graph), 'utf8')) as Record<string, unknown>;
    await writeFile(metaPathFor(paths.index), JSON.stringify({ ...meta, embedderId: corpus.embedderId, generation }));
    const libraryUrl = new URL('../../src-main/library/library.ts', import.meta.url).href;
    const script = `
      const t = performance.now();
      const { openLibrary } = await import(${JSON.stringify(libraryUrl)});
      const library = await openLibrary({ dataDir: ${JSON.stringify(dataDir)}, cacheDir: ${JSON.stringify(EMBEDDER_CACHE)}, answerBeforeGraph: true });
      const first = await library.search('the history of science', { k: 10 });
      const firstResultMs = performance.now() - t;
      const cpuMs = () => { const used = process.cpuUsage(); return Math.round((used.user + used.system) / 1000); };
      const firstResultCpuMs = cpuMs();
      const rssMb = process.memoryUsage().rss / 1048576;
      if (!first.length) throw new Error('no results');
      await library.settle();
      // The graph's labels are not this small catalog's chunks, so its answer is checked by its size, not by hits.
      await library.search('the history of science', { k: 10, mode: 'vector' });
      if (library.stats().vectorsLoading || library.stats().vectors !== ${corpus.count}) throw new Error('the graph did not load');
      const hybridMs = performance.now() - t;
      console.log(JSON.stringify({ firstResultMs: Math.round(firstResultMs), firstResultCpuMs, hybridMs: Math.round(hybridMs), hybridCpuMs: cpuMs(), rssMb: Math.round(rssMb), rssHybridMb: Math.round(process.memoryUsage().rss / 1048576) }));
      await library.close();`;
    let best: OpenMeasure = { firstResultMs: Infinity, firstResultCpuMs: 0, hybridMs: Infinity, hybridCpuMs: 0, rssMb: 0, rssHybridMb: 0 };
    for (let pass = 0; pass < OPEN_PASSES; pass++) {
      const measured = lastJsonLine<typeof best>(await run(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 1 << 20 }));
      if (measured.hybridMs < best.hybridMs) best = measured;
    }
    return best;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function lastJsonLine<T>(output: { stdout: string }): T {
  return JSON.parse(output.stdout.trim().split('\n').at(-1) ?? '{}') as T;
}
