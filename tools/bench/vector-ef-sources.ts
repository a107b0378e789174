// What the ef × re-score pool benchmark (vector-ef.bench.ts) searches: a kept library (its catalog, saved graph and
// the library benchmark's own queries; the float32 vectors for re-scoring read from SQLite as search reads them), or
// the vector benchmark's int8 graphs built directly over prefixes of its corpus (vectors re-scored from memory).
// Each comes with every query's exact 10th similarity, by brute force over all its vectors (cached: minutes at a
// million chunks).
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBundledEmbedder, type WordVectorEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../src-main/library/catalog.ts';
import { libraryPaths } from '../../src-main/library/library.ts';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { DEFAULT_HNSW_PARAMS } from '../../src-main/vector/graph-params.ts';
import { loadIndex, type IndexMeta } from '../../src-main/vector/index-file.ts';
import { UsearchIndex } from '../../src-main/vector/usearch-index.ts';
import type { VectorIndex } from '../../src-main/vector/vector-index.ts';
import { benchDocuments, Corpus } from './library.bench.ts';
import { ensureUsearchGraphs } from './usearch-graph.ts';
import { BENCH_CACHE, corpusPrefix, EMBEDDER_CACHE, vectorCorpus } from './vector-corpus.ts';

export interface EfSource {
  name: string;
  size: number;
  graph: VectorIndex;
  /** The graph file, for a second reader (the worker, or a native index with its own expansion). */
  graphPath: string;
  queries: Float32Array[];
  /** The query texts (library sources only: their embedding is timed too). */
  queryTexts?: string[];
  /** Per query, the exact 10th nearest similarity. */
  tenth: Float32Array;
  /** The float32 vectors of these chunks, as the re-score reads them. */
  vectorsOf(labels: readonly number[]): Map<number, Float32Array>;
  /** Present for a library: its catalog and embedder, for timing the rest of the vector half. */
  library?: { catalog: Catalog; embedder: WordVectorEmbedder; meta: IndexMeta };
  close(): void;
}

/**
 * A library kept by `PDW_BENCH_KEEP` (the folder holding data/ and docs/), opened read-only in spirit: nothing is
 * written. With `efConstruction` (other than its graph's), a graph of its stored vectors built with that value is
 * searched instead (built once on every core, cached beside the other bench graphs).
 */
export async function librarySource(root: string, efConstruction?: number, m?: number): Promise<EfSource> {
  const embedder = await createBundledEmbedder(EMBEDDER_CACHE);
  const paths = libraryPaths(join(root, 'data'));
  const catalog = Catalog.open(paths.catalog);
  const generation = catalog.generation();
  const loaded = await loadIndex(paths.index, { generation });
  if (!loaded.index) throw new Error(`the kept library's graph did not load: ${loaded.reason}`);
  const { documents, chunks } = catalog.counts();
  const queryTexts = await benchDocuments(new Corpus(embedder, chunks), documents);
  const queries = await embedder.embed(queryTexts);
  const key = createHash('sha1').update(`${root}:${generation}:${chunks}:${embedder.id}`).digest('hex').slice(0, 12);
  const tenth = await cached(join(BENCH_CACHE, `library-${chunks}-${key}.tenth.f32`), () => exactTenth(catalog.vectors(), queries));
  const params = { ...loaded.meta.params, ...(efConstruction ? { efConstruction } : {}), ...(m ? { m } : {}) };
  const rebuilt = params.efConstruction !== loaded.meta.params.efConstruction || params.m !== loaded.meta.params.m;
  const graphPath = rebuilt ? await libraryGraphWith(catalog, join(BENCH_CACHE, `library-${chunks}-${key}-m${params.m}-efc${params.efConstruction}.usearch`), loaded.meta) : paths.index;
  return {
    name: `library, ${chunks.toLocaleString('en')} chunks${rebuilt ? `, M ${params.m}, efConstruction ${params.efConstruction}` : ''}`,
    size: loaded.index.size,
    graph: rebuilt ? UsearchIndex.open(graphPath, loaded.meta.dimension, params, 'i8', loaded.meta.labelBound ?? 0) : loaded.index,
    graphPath,
    queries,
    queryTexts,
    tenth,
    vectorsOf: (labels) => catalog.vectorsOfChunks(labels),
    ...(rebuilt ? {} : { library: { catalog, embedder, meta: loaded.meta } }),
    close: () => catalog.close(),
  };
}

/** The vector benchmark's int8 graph over the first `size` vectors of its million-vector corpus (built if missing). */
export async function corpusSource(size: number, efConstruction = DEFAULT_HNSW_PARAMS.efConstruction): Promise<EfSource> {
  const whole = await vectorCorpus(Math.max(1_000_000, size));
  const corpus = await corpusPrefix(whole, size);
  const builds = await ensureUsearchGraphs(whole, [size], 'i8', { connectivity: DEFAULT_HNSW_PARAMS.m, expansionAdd: efConstruction }, (line) => console.error(line));
  const path = builds.get(size)?.path as string;
  const graph = UsearchIndex.open(path, corpus.dimension, DEFAULT_HNSW_PARAMS, 'i8', size);
  const { dimension, vectors } = corpus;
  return {
    name: `vector corpus, ${size.toLocaleString('en')} vectors, efConstruction ${efConstruction}`,
    size,
    graph,
    graphPath: path,
    queries: corpus.queries,
    tenth: corpus.tenth,
    vectorsOf: (labels) => new Map(labels.map((label) => [label, vectors.subarray(label * dimension, (label + 1) * dimension)])),
    close: () => {},
  };
}

/** The library's stored vectors in an int8 graph with `path`'s M and efConstruction (built if missing). */
async function libraryGraphWith(catalog: Catalog, path: string, meta: IndexMeta): Promise<string> {
  if (await readFile(path).then(() => true, () => false)) return path;
  const [, m, efConstruction] = (/-m(\d+)-efc(\d+)\.usearch$/.exec(path) ?? []).map(Number);
  const index = new Index({ dimensions: meta.dimension, metric: MetricKind.Cos, quantization: ScalarKind.I8, connectivity: m ?? meta.params.m, expansion_add: efConstruction ?? meta.params.efConstruction, expansion_search: 1, multi: false });
  const started = performance.now();
  const cpu = process.cpuUsage();
  let keys: bigint[] = [];
  let rows: Float32Array[] = [];
  const flush = () => {
    const packed = new Float32Array(rows.length * meta.dimension);
    rows.forEach((row, i) => packed.set(row, i * meta.dimension));
    index.add(BigUint64Array.from(keys), packed, 0); // every core: a measurement graph, not a library's
    keys = [];
    rows = [];
  };
  for (const { id, vector } of catalog.vectors()) {
    keys.push(BigInt(id));
    rows.push(vector);
    if (keys.length === 65_536) flush();
  }
  if (keys.length) flush();
  const used = process.cpuUsage(cpu);
  console.error(`  built ${index.size()} vectors with M ${m}, efConstruction ${efConstruction} in ${((performance.now() - started) / 1000).toFixed(0)} s (CPU ${((used.user + used.system) / 1e6).toFixed(0)} s)`);
  index.save(path);
  return path;
}

async function cached(path: string, make: () => Float32Array): Promise<Float32Array> {
  const bytes = await readFile(path).catch(() => null);
  if (bytes) return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const made = make();
  await mkdir(BENCH_CACHE, { recursive: true });
  await writeFile(path, made);
  return made;
}

/** Every query's exact 10th nearest similarity (cosine) over `vectors`, streamed. */
function exactTenth(vectors: Iterable<{ vector: Float32Array }>, queries: Float32Array[]): Float32Array {
  const best = queries.map(() => new Float32Array(10).fill(-Infinity));
  const norms = queries.map((q) => Math.hypot(...q) || 1);
  for (const { vector } of vectors) {
    let norm = 0;
    for (let d = 0; d < vector.length; d++) norm += (vector[d] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    queries.forEach((query, q) => {
      let dot = 0;
      for (let d = 0; d < vector.length; d++) dot += (vector[d] as number) * (query[d] as number);
      const similarity = dot / (norm * (norms[q] as number));
      const top = best[q] as Float32Array;
      if (similarity <= (top[9] as number)) return;
      let i = 9;
      while (i > 0 && (top[i - 1] as number) < similarity) {
        top[i] = top[i - 1] as number;
        i--;
      }
      top[i] = similarity;
    });
  }
  return Float32Array.from(best, (top) => top[9] as number);
}
