// Embeddings of the benchmark corpora, kept per model under node_modules/.cache/pdw-bench/embeddings (never
// committed), so a re-run with a slow or remote model embeds only text it has not seen. A record is the
// SHA-1 of the text and its vector (float32); the file only grows, and a torn last record is ignored.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Embedder } from '../../../src-main/embed/embedder.ts';
import { BENCH_CACHE } from './corpus.ts';

const KEY_BYTES = 20;

export interface CachedEmbedder extends Embedder {
  /** Texts answered from the cache and texts the model embedded, since creation. */
  readonly stats: { cached: number; embedded: number };
}

export function embeddingCacheFile(embedderId: string, dimension: number): string {
  return join(BENCH_CACHE, 'embeddings', `${embedderId.replace(/[^A-Za-z0-9.-]+/g, '_')}-${dimension}.bin`);
}

export async function cachedEmbedder(inner: Embedder, file = embeddingCacheFile(inner.id, inner.dimension)): Promise<CachedEmbedder> {
  const recordBytes = KEY_BYTES + inner.dimension * 4;
  const known = new Map<string, Float32Array>();
  const bytes = await readFile(file).catch(() => Buffer.alloc(0));
  const whole = bytes.length - (bytes.length % recordBytes);
  if (whole < bytes.length) await truncate(file, whole); // a run killed mid-write: drop the torn record
  for (let at = 0; at < whole; at += recordBytes) {
    const key = bytes.subarray(at, at + KEY_BYTES).toString('hex');
    known.set(key, new Float32Array(bytes.buffer.slice(bytes.byteOffset + at + KEY_BYTES, bytes.byteOffset + at + recordBytes)));
  }
  await mkdir(dirname(file), { recursive: true });
  const stats = { cached: 0, embedded: 0 };
  const keyOf = (text: string) => createHash('sha1').update(text).digest('hex');
  return {
    id: inner.id,
    dimension: inner.dimension,
    stats,
    async embed(texts, options = {}) {
      const keys = texts.map(keyOf);
      const missing = [...new Set(keys.filter((k) => !known.has(k)))];
      if (missing.length) {
        const textOf = new Map(keys.map((k, i) => [k, texts[i] ?? '']));
        const vectors = await inner.embed(missing.map((k) => textOf.get(k) ?? ''), options);
        const records = missing.map((k, i) => {
          const vector = vectors[i] ?? new Float32Array(inner.dimension);
          known.set(k, vector);
          return Buffer.concat([Buffer.from(k, 'hex'), Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength)]);
        });
        await appendFile(file, Buffer.concat(records));
      }
      stats.embedded += missing.length;
      stats.cached += texts.length - missing.length;
      // Copies: the library may normalise or keep what it is given.
      return keys.map((k) => Float32Array.from(known.get(k) ?? new Float32Array(inner.dimension)));
    },
  };
}
