// The vector half's knobs side by side: the graph's candidate list (ef) against how many of its nearest are scored
// again from their float32 vectors (the re-score pool), with recall@10 against exact search and the latency of each
// step, every variant timed query by query in one process (variants interleaved, each query's best of PASSES): on a
// shared machine, other work then weighs on every variant alike.
//  - PDW_BENCH_REUSE=<library kept by `PDW_BENCH_KEEP=1 npm run bench library`>: that library (e.g. a million
//    chunks), its saved graph and the library benchmark's queries; the re-score reads the catalog as search does.
//    It also times the vector half step by step: embedding, the worker's round trip, the graph search, the reads.
//  - otherwise PDW_BENCH_EF_SIZES (default 100000,250000): the vector benchmark's int8 graphs over prefixes of its
//    corpus, the vectors re-scored from memory (reads not timed).
// PDW_BENCH_EF_SWEEP and PDW_BENCH_POOLS set the variants (the rule's own ef is always added). PDW_BENCH_M (a kept
// library only) searches a graph of its vectors built with that connectivity instead. PDW_BENCH_EFC
// searches graphs built with that efConstruction instead (the library's stored vectors in a graph of their own;
// the step-by-step table, which times the library's own graph, is then left out).
import { loadavg } from 'node:os';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { GraphWorker } from '../../src-main/library/graph-client.ts';
import { hybridSearch } from '../../src-main/search/hybrid-search.ts';
import { exactNearest } from '../../src-main/search/vector-candidates.ts';
import { searchEf } from '../../src-main/vector/graph-params.ts';
import { basePathFor } from '../../src-main/vector/index-file.ts';
import type { BenchTable } from './table.ts';
import { corpusSource, librarySource, type EfSource } from './vector-ef-sources.ts';
import { percentile } from './vector-measure.ts';

const EFS = (process.env.PDW_BENCH_EF_SWEEP ?? '50,100,150,200,250,400').split(',').map(Number);
const POOLS = (process.env.PDW_BENCH_POOLS ?? '20,50,100').split(',').map(Number);
const PASSES = 3;

interface Variant {
  ef: number;
  pool: number;
}

export default async function vectorEfBench(): Promise<BenchTable[]> {
  const reuse = process.env.PDW_BENCH_REUSE;
  const sizes = reuse ? [] : (process.env.PDW_BENCH_EF_SIZES ?? '100000,250000').split(',').map(Number);
  const sweep: (string | number)[][] = [];
  const steps: (string | number)[][] = [];
  const efc = process.env.PDW_BENCH_EFC ? Number(process.env.PDW_BENCH_EFC) : undefined;
  const m = process.env.PDW_BENCH_M ? Number(process.env.PDW_BENCH_M) : undefined;
  const opens: (() => Promise<EfSource>)[] = [...(reuse ? [() => librarySource(reuse, efc, m)] : []), ...sizes.map((size) => () => corpusSource(size, efc))];
  for (const open of opens) {
    const source = await open();
    try {
      console.error(`${source.name}: sweeping ef × pool`);
      sweep.push(...sweepVariants(source));
      if (source.library) steps.push(...(await stepByStep(source)));
    } finally {
      source.close();
    }
  }
  const tables: BenchTable[] = [
    {
      title: 'Vector half: ef × re-score pool (recall@10 against exact; latency per query, best of 3, variants interleaved)',
      columns: ['source', 'ef', 'pool', 'recall@10', 'graph p50 ms', 'graph p99 ms', 'graph CPU p99 ms', 'reads p50 ms', 'reads p99 ms', 'total p50 ms', 'total p99 ms'],
      rows: sweep,
      notes: [
        'graph = UsearchIndex.search for `pool` results with candidate list ef (in this thread, no worker); reads = the pool\'s float32 vectors (catalog.vectorsOfChunks for a library, memory for the corpus); total = graph + reads + exact scoring',
        'recall@10: the top 10 after re-scoring, each hit counted when its exact cosine is at least the exact 10th\'s (brute force over every vector)',
        `the rule's ef (searchEf) is marked; load average at the start: ${loadAverage()}`,
      ],
    },
  ];
  if (steps.length) {
    tables.push({
      title: 'Vector half step by step (a kept library; each query\'s best of 3, steps interleaved)',
      columns: ['step', 'p50 ms', 'p99 ms', 'first pass p99 ms'],
      rows: steps,
      notes: ['first pass = the same step\'s p99 on its first pass alone (pages not yet touched by these queries)', `load average at the end: ${loadAverage()}`],
    });
  }
  return tables;
}

function variantsFor(size: number, ruleEf: number): Variant[] {
  const efs = [...new Set([...EFS, ruleEf])].filter((ef) => ef <= size).sort((a, b) => a - b);
  return efs.flatMap((ef) => POOLS.map((pool) => ({ ef, pool })));
}

function sweepVariants(source: EfSource): (string | number)[][] {
  const ruleEf = searchEf(source.graph.params.ef, source.size);
  const variants = variantsFor(source.size, ruleEf);
  const recall = variants.map((v) => recallOf(source, v));
  const graph = timings(variants.length, source.queries.length);
  const graphCpu = timings(variants.length, source.queries.length);
  const reads = timings(variants.length, source.queries.length);
  const total = timings(variants.length, source.queries.length);
  for (let pass = 0; pass < PASSES; pass++) {
    source.queries.forEach((query, q) => {
      for (let turn = 0; turn < variants.length; turn++) {
        const at = (turn + q + pass) % variants.length; // each variant goes first as often as the others
        const { ef, pool } = variants[at] as Variant;
        const cpu = process.cpuUsage();
        const started = performance.now();
        const found = source.graph.search(query, pool, undefined, ef);
        const searched = performance.now();
        const used = process.cpuUsage(cpu);
        const vectors = source.vectorsOf(found.map((n) => n.label));
        const read = performance.now();
        exactNearest([...vectors].map(([id, vector]) => ({ id, vector })), query, 10);
        const ended = performance.now();
        keepBest(graph, at, q, searched - started);
        keepBest(graphCpu, at, q, (used.user + used.system) / 1000);
        keepBest(reads, at, q, read - searched);
        keepBest(total, at, q, ended - started);
      }
    });
  }
  return variants.map(({ ef, pool }, i) => [
    source.name,
    ef === ruleEf ? `${ef} (rule)` : ef,
    pool,
    recall[i] as number,
    percentile(graph[i] as number[], 0.5),
    percentile(graph[i] as number[], 0.99),
    percentile(graphCpu[i] as number[], 0.99),
    source.library ? percentile(reads[i] as number[], 0.5) : '–',
    source.library ? percentile(reads[i] as number[], 0.99) : '–',
    percentile(total[i] as number[], 0.5),
    percentile(total[i] as number[], 0.99),
  ]);
}

function recallOf(source: EfSource, { ef, pool }: Variant): number {
  let found = 0;
  source.queries.forEach((query, q) => {
    const labels = source.graph.search(query, pool, undefined, ef).map((n) => n.label);
    const vectors = source.vectorsOf(labels);
    const top = exactNearest([...vectors].map(([id, vector]) => ({ id, vector })), query, 10);
    found += top.filter((hit) => hit.similarity >= (source.tenth[q] as number) - 1e-5).length;
  });
  return Number((found / (10 * source.queries.length)).toFixed(4));
}

/**
 * A kept library's vector half one step at a time, at the library's own settings: embedding the query, the graph
 * worker's answer (search + round trip), the same search in this thread, the re-score's reads (one statement per
 * chunk, as the catalog reads them, or one for all), the exact scoring, and the whole vector-mode search.
 */
async function stepByStep(source: EfSource): Promise<(string | number)[][]> {
  const library = source.library as NonNullable<EfSource['library']>;
  const texts = source.queryTexts as string[];
  const worker = new GraphWorker(source.graph.dimension);
  await worker.load(source.graphPath, library.meta);
  const ef = searchEf(source.graph.params.ef, source.size);
  // The binding takes no ef per search, only an expansion fixed when the index is made: one made with the rule's.
  const native = new Index({ dimensions: source.graph.dimension, metric: MetricKind.Cos, quantization: ScalarKind.I8, connectivity: source.graph.params.m, expansion_add: source.graph.params.efConstruction, expansion_search: ef, multi: false });
  // The base file itself (a library's graph is a base and a delta named by its meta).
  const basePath = basePathFor(source.graphPath, library.meta);
  native.view(basePath);
  // The same graph read whole into memory (what its first change does) instead of memory-mapped.
  const whole = new Index({ dimensions: source.graph.dimension, metric: MetricKind.Cos, quantization: ScalarKind.I8, connectivity: source.graph.params.m, expansion_add: source.graph.params.efConstruction, expansion_search: 1, multi: false });
  whole.load(basePath);
  // How the catalog read them before: one statement per chunk.
  const ofChunk = library.catalog.db.prepare('SELECT vector FROM chunks WHERE id = ? AND vector IS NOT NULL').pluck();
  const rowByRow = (ids: readonly number[]) => ids.map((id) => ofChunk.get(id));
  const labels = source.queries.map((query) => source.graph.search(query, 50).map((n) => n.label));
  const candidates = labels.map((ids) => [...library.catalog.vectorsOfChunks(ids)].map(([id, vector]) => ({ id, vector })));
  const steps: [string, (q: number) => unknown][] = [
    ['embed the query', (q) => library.embedder.embed([texts[q] as string])],
    [`graph search on the worker, k = 50, ef ${ef} (round trip included)`, (q) => worker.search(source.queries[q] as Float32Array, 50)],
    [`graph search in this thread, k = 50, ef ${ef} (asks for ${ef} results)`, (q) => source.graph.search(source.queries[q] as Float32Array, 50)],
    [`native search, expansion ${ef} set at creation, asks for 50`, (q) => native.search(source.queries[q] as Float32Array, 50, 1)],
    ['re-score reads: 50 vectors, a statement each', (q) => rowByRow(labels[q] as number[])],
    ['re-score reads: 50 vectors, catalog.vectorsOfChunks (one statement)', (q) => library.catalog.vectorsOfChunks(labels[q] as number[])],
    [`graph read whole, not mapped, asks for ${ef} results`, (q) => whole.search(source.queries[q] as Float32Array, ef, 1)],
    ['exact scoring of 50 (vectors already read)', (q) => exactNearest(candidates[q] ?? [], source.queries[q] as Float32Array, 10)],
    ['vector-mode search, whole (embed → worker → re-score → documents, snippets)', (q) => hybridSearch({ catalog: library.catalog, embedder: library.embedder, index: worker }, texts[q] as string, { k: 10, mode: 'vector' })],
  ];
  const best = timings(steps.length, texts.length);
  const first = timings(steps.length, texts.length);
  try {
    for (let pass = 0; pass < PASSES; pass++) {
      for (let q = 0; q < texts.length; q++) {
        for (let turn = 0; turn < steps.length; turn++) {
          const at = (turn + q + pass) % steps.length;
          const started = performance.now();
          await (steps[at] as [string, (q: number) => unknown])[1](q);
          const took = performance.now() - started;
          keepBest(best, at, q, took);
          if (pass === 0) keepBest(first, at, q, took);
        }
      }
    }
  } finally {
    await worker.close();
  }
  return steps.map(([name], i) => [name, percentile(best[i] as number[], 0.5), percentile(best[i] as number[], 0.99), percentile(first[i] as number[], 0.99)]);
}

function timings(variants: number, queries: number): number[][] {
  return Array.from({ length: variants }, () => new Array<number>(queries).fill(Infinity));
}

function keepBest(table: number[][], variant: number, query: number, ms: number): void {
  const row = table[variant] as number[];
  row[query] = Math.min(row[query] as number, ms);
}

function loadAverage(): string {
  return loadavg().map((x) => x.toFixed(2)).join(' ');
}
