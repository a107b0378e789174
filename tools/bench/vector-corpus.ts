// The vector benchmark's data: chunk vectors of the library benchmark's synthetic text (the same generator, cut by
// the library's chunker, embedded by the bundled embedder), query vectors of 2–5 words taken from the documents,
// and each query's exact top 10 by brute force. Smaller sizes are prefixes of the largest one (so one graph build
// serves them all, saved as it passes each size). All of it is cached in the temp folder, since a million chunks
// take minutes to make and the corpus is deterministic.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBundledEmbedder, type WordVectorEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { chunkText } from '../../src-main/library/chunker.ts';
import { Corpus } from './library.bench.ts';

export const EMBEDDER_CACHE = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
// Gigabytes at a million chunks: kept out of the shared install, in the temp folder unless PDW_BENCH_CACHE says where.
export const BENCH_CACHE = process.env.PDW_BENCH_CACHE ?? join(tmpdir(), 'pdw-bench-vectors');
const QUERIES = 300;
const EMBED_BATCH = 256;

export interface VectorCorpus {
  embedderId: string;
  dimension: number;
  count: number;
  /** count × dimension, row-major, unit length. */
  vectors: Float32Array;
  queries: Float32Array[];
  /** Per query, the similarity of the exact 10th nearest vector (a hit is anything at least as similar). */
  tenth: Float32Array;
}

/** The first `count` vectors of `corpus`, with the same queries and their exact 10th among those vectors. */
export async function corpusPrefix(corpus: VectorCorpus, count: number): Promise<VectorCorpus> {
  if (count >= corpus.count) return corpus;
  const path = join(BENCH_CACHE, `${corpus.embedderId.replace(/[^a-z0-9.-]+/gi, '_')}-${corpus.count}-first-${count}.tenth.f32`);
  const vectors = corpus.vectors.subarray(0, count * corpus.dimension);
  const cached = await readFile(path).catch(() => null);
  const tenth = cached ? floats(cached) : exactTenth(vectors, corpus.dimension, corpus.queries);
  if (!cached) await writeFile(path, tenth);
  return { ...corpus, count, vectors, tenth };
}

export async function vectorCorpus(count: number): Promise<VectorCorpus> {
  const embedder = await createBundledEmbedder(EMBEDDER_CACHE);
  const dimension = embedder.dimension;
  await mkdir(BENCH_CACHE, { recursive: true });
  const base = join(BENCH_CACHE, `${embedder.id.replace(/[^a-z0-9.-]+/gi, '_')}-${count}`);
  const cached = await Promise.all([`${base}.vectors.f32`, `${base}.queries.f32`, `${base}.tenth.f32`].map((p) => readFile(p).catch(() => null)));
  const [v, q, t] = cached;
  if (v && q && t) {
    const queryRows = floats(q);
    return {
      embedderId: embedder.id,
      dimension,
      count,
      vectors: floats(v),
      queries: Array.from({ length: queryRows.length / dimension }, (_, i) => queryRows.subarray(i * dimension, (i + 1) * dimension)),
      tenth: floats(t),
    };
  }
  const { vectors, queryTexts } = await embedCorpus(embedder, count);
  const queries = await embedder.embed(queryTexts);
  const tenth = exactTenth(vectors, dimension, queries);
  await writeFile(`${base}.vectors.f32`, vectors);
  await writeFile(`${base}.queries.f32`, concat(queries, dimension));
  await writeFile(`${base}.tenth.f32`, tenth);
  return { embedderId: embedder.id, dimension, count, vectors, queries, tenth };
}

async function embedCorpus(embedder: WordVectorEmbedder, count: number): Promise<{ vectors: Float32Array; queryTexts: string[] }> {
  const corpus = new Corpus(embedder, count);
  const dimension = embedder.dimension;
  const vectors = new Float32Array(count * dimension);
  const queryTexts: string[] = [];
  const every = Math.max(1, Math.floor(count / QUERIES));
  let filled = 0;
  let pending: string[] = [];
  const embedPending = async () => {
    for (const vector of await embedder.embed(pending)) vectors.set(vector, filled++ * dimension);
    pending = [];
  };
  while (filled + pending.length < count) {
    for (const chunk of chunkText(corpus.document())) {
      if (filled + pending.length >= count) break;
      if ((filled + pending.length) % every === 0 && queryTexts.length < QUERIES) queryTexts.push(corpus.queryFrom(chunk.text, 2 + (queryTexts.length % 4)));
      pending.push(chunk.text);
    }
    if (pending.length >= EMBED_BATCH) await embedPending();
  }
  await embedPending();
  return { vectors, queryTexts };
}

/** The exact cosine of vector `label` (its row) with `query`: both are unit length. */
export function exactSimilarity(corpus: VectorCorpus, label: number, query: Float32Array): number {
  let dot = 0;
  const offset = label * corpus.dimension;
  for (let d = 0; d < corpus.dimension; d++) dot += (corpus.vectors[offset + d] as number) * (query[d] as number);
  return dot;
}

/** Brute force over every vector: the similarity of each query's 10th nearest. */
function exactTenth(vectors: Float32Array, dimension: number, queries: Float32Array[]): Float32Array {
  const tenth = new Float32Array(queries.length);
  queries.forEach((query, q) => {
    const best = new Float32Array(10).fill(-Infinity);
    for (let row = 0; row < vectors.length / dimension; row++) {
      let dot = 0;
      const offset = row * dimension;
      for (let d = 0; d < dimension; d++) dot += (vectors[offset + d] as number) * (query[d] as number);
      if (dot > (best[9] as number)) {
        let i = 9;
        while (i > 0 && (best[i - 1] as number) < dot) {
          best[i] = best[i - 1] as number;
          i--;
        }
        best[i] = dot;
      }
    }
    tenth[q] = best[9] as number;
  });
  return tenth;
}

function floats(buffer: Buffer): Float32Array {
  const copy = new Uint8Array(buffer.length);
  copy.set(buffer);
  return new Float32Array(copy.buffer);
}

function concat(rows: Float32Array[], dimension: number): Float32Array {
  const out = new Float32Array(rows.length * dimension);
  rows.forEach((row, i) => out.set(row, i * dimension));
  return out;
}
