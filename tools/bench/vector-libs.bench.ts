// Graph libraries side by side on the vector benchmark's corpus (vector-corpus.ts): hnswlib-node (float32, what
// HnswIndex uses) against USearch with float32, float16 and int8 vectors, all at M = 32 and efConstruction 200:
//  - build: wall and CPU time over the first BUILD_SIZE vectors, built afresh (USearch's batch insert uses every
//    core, hnswlib's inserts are one at a time, as HnswIndex makes them), and USearch's whole build per size;
//  - recall@10 against exact search, and search latency at k = 50 across ef (USearch's ef is max(expansion, k), so
//    a search for ef candidates keeps the first 50);
//  - in a fresh process: the time to open the saved graph and the RSS it adds, read whole (load) or memory-mapped
//    (view), then the RSS after the 300 queries have been searched once.
// PDW_BENCH_LIB_SIZES sets the sizes (default 100000,250000), PDW_BENCH_LIB_EF the ef values besides the adaptive one,
// PDW_BENCH_LIB_QUANT USearch's vector types (default i8,f16,f32); PDW_BENCH_LIB_BUILD=0 skips the fresh builds.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_HNSW_PARAMS, HnswIndex, searchEf } from '../../src-main/vector/hnsw-index.ts';
import { describeIndex, loadIndex } from '../../src-main/vector/index-file.ts';
import type { BenchTable } from './table.ts';
import { ensureUsearchGraphs, newUsearchIndex, type Quantization, type UsearchGraphParams } from './usearch-graph.ts';
import { UsearchIndex } from '../../src-main/vector/usearch-index.ts';
import { filteredRows } from './vector-filtered.ts';
import { corpusPrefix, exactSimilarity, vectorCorpus, type VectorCorpus } from './vector-corpus.ts';
import { CANDIDATES, measureSearch, type GraphSearch } from './vector-measure.ts';
import { ensureHnswGraphs, hnswGraphPath } from './vector-graph.ts';

const SIZES = (process.env.PDW_BENCH_LIB_SIZES ?? '100000,250000').split(',').map(Number);
const EF_SWEEP = (process.env.PDW_BENCH_LIB_EF ?? '250,400').split(',').map(Number);
const CORPUS = Math.max(1_000_000, ...SIZES);
const QUANTIZATIONS = (process.env.PDW_BENCH_LIB_QUANT ?? 'i8,f16,f32').split(',') as Quantization[];
const USEARCH: UsearchGraphParams = { connectivity: DEFAULT_HNSW_PARAMS.m, expansionAdd: DEFAULT_HNSW_PARAMS.efConstruction };
const BUILD_SIZE = 25_000;
const PASSES = 3;
const run = promisify(execFile);

export default async function vectorLibsBench(): Promise<BenchTable[]> {
  const log = (line: string) => console.error(line);
  const whole = await vectorCorpus(CORPUS);
  const workDir = await mkdtemp(join(tmpdir(), 'pdw-vector-libs-'));
  try {
    const queriesPath = join(workDir, 'queries.f32');
    await writeFile(queriesPath, concat(whole.queries, whole.dimension));
    const build = await buildTable(whole, log);
    const usearchBuilds = new Map(await Promise.all(QUANTIZATIONS.map(async (q) => [q, await ensureUsearchGraphs(whole, SIZES, q, USEARCH, log)] as const)));
    const searchRows: (string | number)[][] = [];
    const memoryRows: (string | number)[][] = [];
    const filtered: (string | number)[][] = [];
    for (const size of SIZES) {
      const corpus = await corpusPrefix(whole, size);
      const adaptive = searchEf(DEFAULT_HNSW_PARAMS.ef, size);
      const efs = [...new Set([...EF_SWEEP, adaptive])].sort((a, b) => a - b);
      const hnswPath = await hnswGraph(whole, size, log);
      const loaded = await loadIndex(hnswPath.path, { generation: 0, anyFormat: true });
      if (!loaded.index) throw new Error(`benchmark graph did not load: ${loaded.reason}`);
      const hnsw = loaded.index;
      const hnswName = `hnswlib f32${hnswPath.efConstruction === DEFAULT_HNSW_PARAMS.efConstruction ? '' : ` (efC ${hnswPath.efConstruction})`}`;
      for (const ef of efs) searchRows.push([size, hnswName, efLabel(ef, adaptive), ...measure(corpus, ef, (q, k, e) => hnsw.search(q, k, undefined, e))]);
      const hnswProcess = await freshProcess('hnswlib', hnswPath.path, queriesPath, adaptive);
      memoryRows.push([size, hnswName, 'read whole', await fileMb(hnswPath.path), hnswProcess.openMs, hnswProcess.rssOpenMb, hnswProcess.rssSearchedMb, perVector(hnswProcess.rssOpenMb - hnswProcess.rssBaseMb, size)]);
      const filteredGraphs = [{ name: hnswName, search: (q: Float32Array, k: number, f: (label: number) => boolean) => hnsw.search(q, k, f) }];
      for (const q of QUANTIZATIONS) {
        const path = usearchBuilds.get(q)?.get(size)?.path as string;
        if (q !== 'f32') {
          // The library's own class over the same file: its filtered search asks for more candidates until enough pass.
          const graph = UsearchIndex.open(path, whole.dimension, DEFAULT_HNSW_PARAMS, q, size);
          filteredGraphs.push({ name: `UsearchIndex ${q}`, search: (query, k, f) => graph.search(query, k, f) });
        }
        const index = newUsearchIndex(whole.dimension, q, USEARCH);
        index.load(path);
        const search: GraphSearch = (query, k, ef) => {
          const found = index.search(query, Math.max(k, ef), 1);
          return Array.from({ length: Math.min(k, found.keys.length) }, (_, i) => ({ label: Number(found.keys[i]), similarity: 1 - (found.distances[i] ?? 1) }));
        };
        for (const ef of efs) searchRows.push([size, `usearch ${q}`, efLabel(ef, adaptive), ...measure(corpus, ef, search)]);
        if (q === 'f32') continue;
        // What the library does with a compact graph (vector-candidates.ts): its top 50 scored again from float32 vectors.
        const rescored: GraphSearch = (query, k, ef) => search(query, Math.max(k, CANDIDATES), ef)
          .map((hit) => ({ label: hit.label, similarity: exactSimilarity(corpus, hit.label, query) }))
          .sort((x, y) => y.similarity - x.similarity)
          .slice(0, k);
        for (const ef of efs) searchRows.push([size, `usearch ${q}, top ${CANDIDATES} re-scored`, efLabel(ef, adaptive), ...measure(corpus, ef, rescored)]);
        for (const mode of ['load', 'view'] as const) {
          const measured = await freshProcess(`usearch-${q}-${mode}`, path, queriesPath, adaptive);
          memoryRows.push([size, `usearch ${q}`, mode === 'load' ? 'read whole' : 'memory-mapped', await fileMb(path), measured.openMs, measured.rssOpenMb, measured.rssSearchedMb, perVector(measured.rssOpenMb - measured.rssBaseMb, size)]);
        }
      }
      filtered.push(...filteredRows(corpus, filteredGraphs));
    }
    return [
      build,
      {
        title: `Graph libraries: recall@10 against exact and search latency (M=${USEARCH.connectivity}, efC ${USEARCH.expansionAdd})`,
        columns: ['vectors', 'graph', 'ef', 'recall@10', `p50 ms (k=${CANDIDATES})`, `p99 ms (k=${CANDIDATES})`, 'CPU p50 ms', 'CPU p99 ms'],
        rows: searchRows,
        notes: [
          `each query's best of ${PASSES} passes, one thread; recall@10 counts returned vectors whose exact cosine (recomputed from the float32 vectors, not the library's quantized distance) is at least the exact 10th's`,
          'USearch has no ef per search in its JS binding: its search explores max(expansion_search, k) candidates, so ef is had by asking for ef results and keeping the first k',
          `"top ${CANDIDATES} re-scored": the graph's ${CANDIDATES} nearest scored again from their float32 vectors and the best k kept, as the library does with a compact graph (there read from SQLite, which these times leave out)`,
        ],
      },
      {
        title: 'Graph libraries: opening a saved graph in a fresh process',
        columns: ['vectors', 'graph', 'open', 'file MB', 'open ms', 'RSS after open MB', 'RSS after 300 searches MB', 'B per vector (RSS added at open)'],
        rows: memoryRows,
        notes: ['a fresh Node process imports the library (its RSS then is the baseline), opens the graph, then searches the 300 queries once at the adaptive ef; a memory-mapped graph\'s pages count in RSS once touched and are the page cache\'s to drop'],
      },
      {
        title: 'Filtered graph search: recall@10 against the exact filtered top 10, latency at k = 50 (adaptive ef)',
        columns: ['vectors', 'scope', 'graph', 'recall@10', 'p50 ms', 'p99 ms'],
        rows: filtered,
        notes: ['hnswlib skips disallowed labels during its walk; UsearchIndex asks for ef, then 4× as many candidates each round, until k pass the filter'],
      },
    ];
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** hnswlib's graph of `size` from the vector benchmark's cache (efC 200, or an efC 100 one already there), else built. */
async function hnswGraph(corpus: VectorCorpus, size: number, log: (line: string) => void): Promise<{ path: string; efConstruction: number }> {
  for (const efConstruction of [DEFAULT_HNSW_PARAMS.efConstruction, 100]) {
    const path = hnswGraphPath(corpus, size, { ...DEFAULT_HNSW_PARAMS, efConstruction });
    if ((await describeIndex(path, { generation: 0, anyFormat: true })).meta) return { path, efConstruction };
  }
  const { paths } = await ensureHnswGraphs(corpus, [size], DEFAULT_HNSW_PARAMS, log);
  return { path: paths.get(size) as string, efConstruction: DEFAULT_HNSW_PARAMS.efConstruction };
}

/** Every library builds the first BUILD_SIZE vectors afresh, so their build costs compare on one machine state. */
async function buildTable(whole: VectorCorpus, log: (line: string) => void): Promise<BenchTable> {
  const rows: (string | number)[][] = [];
  const { dimension, vectors } = whole;
  const timed = (name: string, build: () => void) => {
    if (process.env.PDW_BENCH_LIB_BUILD === '0') return;
    const started = performance.now();
    const cpu = process.cpuUsage();
    build();
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    rows.push([name, BUILD_SIZE, Number(seconds.toFixed(1)), Number(((used.user + used.system) / 1e6).toFixed(1)), Math.round(BUILD_SIZE / seconds)]);
    log(`  built ${name} over ${BUILD_SIZE} vectors in ${seconds.toFixed(1)} s`);
  };
  timed('hnswlib f32 (HnswIndex.add, one at a time)', () => {
    const index = new HnswIndex(dimension, { capacity: BUILD_SIZE });
    for (let row = 0; row < BUILD_SIZE; row++) index.add(row, vectors.subarray(row * dimension, (row + 1) * dimension));
  });
  timed('UsearchIndex i8 (add one at a time, as a rebuild from the catalog)', () => {
    const index = new UsearchIndex(dimension);
    for (let row = 0; row < BUILD_SIZE; row++) index.add(row, vectors.subarray(row * dimension, (row + 1) * dimension));
  });
  for (const q of QUANTIZATIONS) {
    timed(`usearch ${q} (batch add, all cores)`, () => {
      newUsearchIndex(dimension, q, USEARCH).add(BigUint64Array.from({ length: BUILD_SIZE }, (_, i) => BigInt(i)), vectors.subarray(0, BUILD_SIZE * dimension), 0);
    });
  }
  for (const q of QUANTIZATIONS) {
    for (const [size, build] of await ensureUsearchGraphs(whole, SIZES, q, USEARCH, log)) {
      rows.push([`usearch ${q}, whole build (cached)`, size, build.buildSeconds, build.buildCpuSeconds, Math.round(size / build.buildSeconds)]);
    }
  }
  return {
    title: 'Graph libraries: build',
    columns: ['graph', 'vectors', 'wall s', 'CPU s', 'inserts/s (wall)'],
    rows,
    notes: ['the machine has 2 cores shared with other work: CPU s is the process\'s user + system time on all threads; USearch\'s whole builds were timed when first made and are cached with their graphs'],
  };
}

function measure(corpus: VectorCorpus, ef: number, search: GraphSearch): number[] {
  const m = measureSearch(corpus, ef, search, PASSES);
  return [m.recall, m.p50, m.p99, m.cpuP50, m.cpuP99];
}

interface ProcessMeasure {
  rssBaseMb: number;
  openMs: number;
  rssOpenMb: number;
  rssSearchedMb: number;
}

/** Opens the graph in a fresh Node process (its RSS before is the baseline) and searches every query once. */
async function freshProcess(kind: string, path: string, queriesPath: string, ef: number): Promise<ProcessMeasure> {
  const open = kind === 'hnswlib'
    ? `const { default: hnswlib } = await import('hnswlib-node');
       const index = new hnswlib.HierarchicalNSW('cosine', dim);
       const open = () => index.readIndex(path, true).then(() => index.setEf(ef));
       const search = (q) => index.searchKnn(Array.from(q), 50);`
    : `const { Index } = await import('usearch');
       const [, quantization, mode] = ${JSON.stringify(kind)}.split('-');
       const index = new Index({ dimensions: dim, metric: 'cos', quantization, connectivity: 32, expansion_add: 200, expansion_search: 64, multi: false });
       const open = async () => index[mode](path);
       const search = (q) => index.search(q, Math.max(50, ef), 1);`;
  const script = `
    const { readFileSync } = await import('node:fs');
    const dim = 100, path = ${JSON.stringify(path)}, ef = ${ef};
    ${open}
    const bytes = readFileSync(${JSON.stringify(queriesPath)});
    const queries = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const mb = () => Math.round(process.memoryUsage().rss / 1048576);
    const rssBaseMb = mb();
    const t = performance.now();
    await open();
    const openMs = Math.round(performance.now() - t);
    const rssOpenMb = mb();
    for (let i = 0; i < queries.length / dim; i++) search(queries.subarray(i * dim, (i + 1) * dim));
    console.log(JSON.stringify({ rssBaseMb, openMs, rssOpenMb, rssSearchedMb: mb() }));`;
  const output = await run(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 1 << 20, cwd: new URL('../..', import.meta.url).pathname });
  return JSON.parse(output.stdout.trim().split('\n').at(-1) ?? '{}') as ProcessMeasure;
}

const efLabel = (ef: number, adaptive: number): string | number => (ef === adaptive ? `${ef} (adaptive)` : ef);
const fileMb = async (path: string): Promise<number> => Number(((await stat(path)).size / 1048576).toFixed(1));
const perVector = (mb: number, size: number): number => Math.round((mb * 1048576) / size);

function concat(rows: Float32Array[], dimension: number): Float32Array {
  const out = new Float32Array(rows.length * dimension);
  rows.forEach((row, i) => out.set(row, i * dimension));
  return out;
}
