// The sustained ingest pace of a big library in minutes instead of an hour: copies a library kept by
// `PDW_BENCH_KEEP=1 npm run bench library` (a million chunks), ingests the next documents of the same synthetic
// corpus into the copy and reports chunks/s with the CPU time per chunk of the main thread, the graph's worker and
// the whole process, then the background work the ingest leaves (the save, and a merge of the delta if one is due,
// with its worker's CPU). Each variant runs in a fresh process on a fresh copy; variants alternate round by round,
// so on a shared machine the load weighs on all of them alike.
//
//   PDW_GROW_LIBRARY=<kept library folder, read only> [PDW_GROW_CHUNKS=40000] [PDW_GROW_VARIANTS=efc200,efc100]
//   [PDW_GROW_ROUNDS=1] [PDW_GROW_GRAPH=whole|segments] npx node tools/bench/ingest-grow.ts
//
// PDW_GROW_GRAPH: `whole` (default) puts the saved graph in the worker's memory as the delta, as the first bulk
// ingest of a new library holds it (every vector inserted into the growing graph; the library benchmark's last
// tenth); `segments` opens it as saved (base mapped, new vectors in a small delta, merged into a new base once past
// PDW_GROW_MERGE_FRACTION of the graph, default the library's).
// Variants: `efc<N>` inserts with efConstruction N (the graph's own parameter is rewritten in the copy's
// description); a `+cores` suffix inserts on every core (USearch's own threads; not deterministic).
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { GraphWorker } from '../../src-main/library/graph-client.ts';
import { libraryPaths, openLibrary } from '../../src-main/library/library.ts';
import { metaPathFor, writeGraphFile, type IndexMeta } from '../../src-main/vector/index-file.ts';
import { UsearchIndex } from '../../src-main/vector/usearch-index.ts';
import { CHUNKS_PER_DOC, Corpus } from './library.bench.ts';

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
const ALL_CORES_WORKER = new URL('./graph-worker-all-cores.ts', import.meta.url);

interface Outcome {
  variant: string;
  chunks: number;
  librarySize: number;
  openSeconds: number;
  ingestSeconds: number;
  mainMsPerChunk: number;
  graphMsPerChunk: number;
  processMsPerChunk: number;
  saveSeconds: number;
  mergeSeconds: number;
  mergeCpuSeconds: number;
  load: string;
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const threadCpuMs = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};
const processCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

if (process.argv[2] === '--variant') {
  // The graph's worker is unref'd between requests, and asking a thread its CPU time keeps nothing alive.
  const alive = setInterval(() => {}, 1000);
  console.log(JSON.stringify(await runVariant(process.argv[3] as string, process.argv[4] as string)));
  clearInterval(alive);
} else {
  await runAll();
}

async function runAll(): Promise<void> {
  const library = process.env.PDW_GROW_LIBRARY;
  if (!library) throw new Error('Set PDW_GROW_LIBRARY to a library kept by `PDW_BENCH_KEEP=1 npm run bench library` (it is copied, never changed).');
  const chunks = Number(process.env.PDW_GROW_CHUNKS ?? 40_000);
  const variants = (process.env.PDW_GROW_VARIANTS ?? 'efc200,efc100').split(',');
  const rounds = Number(process.env.PDW_GROW_ROUNDS ?? 1);
  const docs = await growDocuments(library, Math.ceil(chunks / CHUNKS_PER_DOC));
  const rows: Outcome[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const variant of round % 2 ? [...variants].reverse() : variants) {
        console.error(`round ${round + 1}: ${variant} (load ${load()})`);
        const stdout = await child([fileURLToPath(import.meta.url), '--variant', variant, docs]);
        const row = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Outcome;
        console.error(JSON.stringify(row));
        rows.push(row);
      }
    }
  } finally {
    await rm(docs, { recursive: true, force: true });
  }
  console.log(`graph: ${process.env.PDW_GROW_GRAPH ?? 'whole'}; ${chunks} chunks into each copy`);
  console.log('| variant | library chunks | ingest chunks/s | main ms/chunk | graph worker ms/chunk | process ms/chunk | save s | merge s (its CPU s) | open s | load 1/5/15 min |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const pace = Math.round(r.chunks / r.ingestSeconds);
    console.log(`| ${r.variant} | ${r.librarySize} | ${pace} | ${r.mainMsPerChunk} | ${r.graphMsPerChunk} | ${r.processMsPerChunk} | ${r.saveSeconds} | ${r.mergeSeconds} (${r.mergeCpuSeconds}) | ${r.openSeconds} | ${r.load} |`);
  }
}

/** Runs this script in a new Node process (its progress on this one's stderr); resolves with its stdout. */
function child(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const run = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    run.stdout.on('data', (piece: Buffer) => (out += piece.toString()));
    run.on('error', reject);
    run.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`the variant's process exited with ${code}`))));
  });
}

/** The corpus's next `count` documents after the kept library's (the generator is deterministic), in a new folder. */
async function growDocuments(library: string, count: number): Promise<string> {
  const embedder = await createBundledEmbedder(CACHE_DIR);
  // Its documents are the corpus's first ones, written by the library benchmark under docs/ (not opened here).
  let documents = 0;
  for (const folder of await readdir(join(library, 'docs'))) documents += (await readdir(join(library, 'docs', folder))).length;
  const corpus = new Corpus(embedder, 0);
  for (let d = 0; d < documents; d++) corpus.document();
  const root = await mkdtemp(join(tmpdir(), 'pdw-grow-docs-'));
  for (let d = 0; d < count; d++) {
    const dir = join(root, `folder-${d % 50}`);
    if (d < 50) await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `grow-${documents + d}.txt`), corpus.document());
  }
  return root;
}

async function runVariant(variant: string, docs: string): Promise<Outcome> {
  const source = process.env.PDW_GROW_LIBRARY as string;
  const efConstruction = Number(/^efc(\d+)/.exec(variant)?.[1] ?? 0) || undefined;
  const allCores = variant.endsWith('+cores');
  const root = await mkdtemp(join(tmpdir(), 'pdw-grow-'));
  try {
    const dataDir = join(root, 'data');
    await cp(join(source, 'data'), dataDir, { recursive: true });
    const index = libraryPaths(dataDir).index;
    console.error(`  copied (load ${load()})`);
    await describeForGrowth(index, process.env.PDW_GROW_GRAPH === 'segments' ? 'segments' : 'whole', efConstruction);
    const graphs = trackGraphWorkers();
    const embedder = await createBundledEmbedder(CACHE_DIR);
    const mergeFraction = process.env.PDW_GROW_MERGE_FRACTION;
    const opened = performance.now();
    const library = await openLibrary({
      dataDir,
      embedder,
      cacheDir: CACHE_DIR,
      ...(allCores ? { graphWorker: { workerUrl: ALL_CORES_WORKER } } : {}),
      ...(mergeFraction ? { graphMergeFraction: Number(mergeFraction) } : {}),
    });
    await library.settle(); // the graph read and caught up, the keyword heads refreshed: no background work left
    const openSeconds = (performance.now() - opened) / 1000;
    console.error(`  opened in ${openSeconds.toFixed(1)} s (load ${load()})`);
    const before = library.stats().chunks;
    const graphCpu = await graphs.cpuMs();
    const mainCpu = threadCpuMs();
    const allCpu = processCpuMs();
    const started = performance.now();
    let inserted = 0; // when the last graph insert was answered, before the save that ends an ingest
    let cpuAtInserted = { main: 0, all: 0, graph: 0 };
    const ingest = library.ingest([docs], {
      onProgress: (p) => {
        if (p.total && p.done === p.total && !inserted) {
          inserted = performance.now();
          cpuAtInserted = { main: threadCpuMs(), all: processCpuMs(), graph: 0 };
          void graphs.cpuMs().then((ms) => (cpuAtInserted.graph = ms));
        }
      },
    });
    await ingest;
    const ended = performance.now();
    console.error(`  ingested (load ${load()})`);
    const chunks = library.stats().chunks - before;
    // A merge of the delta, if the save that ended the ingest started one (the keyword heads' refresh is not waited
    // for: it is the same in every variant, and closing stops it).
    const settling = performance.now();
    while (library.graphMerging) await sleep(100);
    const mergeSeconds = (performance.now() - settling) / 1000;
    const per = (ms: number) => Number((ms / chunks).toFixed(3));
    const outcome: Outcome = {
      variant,
      chunks,
      librarySize: library.stats().chunks,
      openSeconds: Number(openSeconds.toFixed(1)),
      ingestSeconds: ((inserted || ended) - started) / 1000,
      mainMsPerChunk: per(cpuAtInserted.main - mainCpu),
      graphMsPerChunk: per(cpuAtInserted.graph - graphCpu),
      processMsPerChunk: per(cpuAtInserted.all - allCpu),
      saveSeconds: Number(((ended - (inserted || ended)) / 1000).toFixed(1)),
      mergeSeconds: Number(mergeSeconds.toFixed(1)),
      mergeCpuSeconds: Number((graphs.closedCpuMs / 1000).toFixed(1)),
      load: load(),
    };
    await library.close();
    return outcome;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Rewrites the copy's graph description. `whole`: the saved base becomes the delta of an empty base, so the worker
 * reads it into memory and inserts into it, as during a new library's first ingest; both: the inserts' efConstruction.
 * The catalog catches the graph up as at any open (the description's generation is kept older than the catalog's).
 */
async function describeForGrowth(index: string, graph: 'whole' | 'segments', efConstruction?: number): Promise<void> {
  const metaPath = metaPathFor(index);
  const saved = JSON.parse(await readFile(metaPath, 'utf8')) as IndexMeta;
  const params = { ...saved.params, ...(efConstruction ? { efConstruction } : {}) };
  if (graph === 'segments') {
    await writeFile(metaPath, JSON.stringify({ ...saved, params }));
    return;
  }
  const dir = join(index, '..');
  const baseCount = saved.delta?.baseCount ?? saved.count;
  const baseHighWater = saved.delta?.baseHighWater ?? saved.highWater ?? 0;
  const baseGeneration = saved.delta?.baseGeneration ?? saved.generation;
  const deltaFile = 'index.delta-000000000001.hnsw';
  await rename(join(dir, saved.file ?? 'index.hnsw'), join(dir, deltaFile));
  if (saved.delta) await rm(join(dir, saved.delta.file));
  const emptyFile = 'index.base-000000000000.hnsw';
  const empty = new UsearchIndex(saved.dimension, { params, quantization: saved.quantization ?? 'i8' });
  const written = await writeGraphFile(empty, join(dir, emptyFile));
  const meta: IndexMeta = {
    ...saved,
    params,
    file: emptyFile,
    ...written,
    count: baseCount,
    generation: baseGeneration,
    highWater: baseHighWater,
    delta: { file: deltaFile, bytes: saved.bytes, crc32: saved.crc32 ?? 0, count: baseCount, labelBound: saved.labelBound ?? baseHighWater + 1, tombstones: [], baseHighWater: 0, baseGeneration, baseCount: 0 },
  };
  await writeFile(metaPath, JSON.stringify(meta));
}

/** The graph workers this process starts (the library's and a merge's), found through their first insert. */
function trackGraphWorkers(): { cpuMs(): Promise<number>; closedCpuMs: number } {
  const live = new Set<GraphWorker>();
  const tracked = { closedCpuMs: 0, cpuMs: async () => (await Promise.all([...live].map((g) => g.cpuMs()))).reduce((a, b) => a + b, 0) };
  const proto = GraphWorker.prototype;
  const { add, load: loadGraph, close } = proto;
  proto.add = function (this: GraphWorker, ...args) {
    live.add(this);
    return add.apply(this, args);
  };
  proto.load = function (this: GraphWorker, ...args) {
    live.add(this);
    return loadGraph.apply(this, args);
  };
  proto.close = async function (this: GraphWorker) {
    if (live.delete(this)) tracked.closedCpuMs += await this.cpuMs();
    return close.apply(this);
  };
  return tracked;
}
