import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EF_GROWTH, EF_REFERENCE_SIZE, searchEf } from '../../../src-main/vector/graph-params.ts';
import { HnswIndex } from '../../../src-main/vector/hnsw-index.ts';
import { loadIndex, metaPathFor, saveIndex } from '../../../src-main/vector/index-file.ts';
import { mulberry32 } from '../../../src-main/walrus-local/faults.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

/** Seeded draws in [-1, 1). */
function generator(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() * 2 - 1;
}

/** Vectors around a few hundred topic centres, like passages of many documents on overlapping topics. */
function clusteredVectors(n: number, dimension: number, seed: number): Float32Array[] {
  const random = generator(seed);
  const centres = Array.from({ length: 300 }, () => Float32Array.from({ length: dimension }, random));
  return Array.from({ length: n }, () => {
    const centre = centres[Math.floor(((random() + 1) / 2) * centres.length)] as Float32Array;
    return centre.map((x) => x + 0.6 * random());
  });
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

/** Share of the graph's top 10 at least as similar as the exact 10th, over all queries. */
function recallAt10(index: HnswIndex, data: Float32Array[], queries: Float32Array[], ef?: number): number {
  let found = 0;
  for (const query of queries) {
    const tenth = data.map((v) => cosine(query, v)).sort((a, b) => b - a)[9] ?? 1;
    found += index.search(query, 10, undefined, ef).filter((h) => h.similarity >= tenth - 1e-5).length;
  }
  return found / (10 * queries.length);
}

describe('graph recall against exact search', () => {
  it('holds recall@10 ≥ 0.97 with the default parameters on a clustered set', () => {
    const data = clusteredVectors(4000, 32, 3);
    const queries = clusteredVectors(100, 32, 11);
    const index = new HnswIndex(32, { capacity: data.length });
    data.forEach((v, i) => index.add(i, v));
    const recall = recallAt10(index, data, queries);
    expect(recall).toBeGreaterThanOrEqual(0.97);
    // The measure can tell a poor search from a good one: a short candidate list misses neighbours.
    expect(recallAt10(index, data, queries, 10)).toBeLessThan(recall - 0.05);
  }, 60_000);

  it('searches larger graphs with more candidates, as measured up to a million vectors', () => {
    expect(searchEf(250, 1000)).toBe(250);
    expect(searchEf(250, EF_REFERENCE_SIZE)).toBe(250);
    // The smallest ef giving the re-scored int8 graph recall@10 ≥ 0.975 (npm run bench vector-ef): 250k → 250, 1.16M → 600.
    expect(searchEf(250, 250_000)).toBe(336);
    expect(searchEf(250, 1_155_801)).toBe(601);
    // Below the square root the rule used before (793 at 1.16M), and growing with the size.
    expect(searchEf(250, 1_155_801)).toBeLessThan(Math.round(250 * Math.sqrt(1_155_801 / EF_REFERENCE_SIZE)));
    const sizes = [EF_REFERENCE_SIZE, 200_000, 500_000, 1_000_000, 2_000_000];
    expect(sizes.map((size) => searchEf(250, size))).toEqual([...sizes.map((size) => searchEf(250, size))].sort((a, b) => a - b));
    expect(new Set(sizes.map((size) => searchEf(250, size))).size).toBe(sizes.length);
    // A graph saved with another ef (hnsw.ef, or M = 16's 600) grows from it alike.
    expect(searchEf(600, 1_155_801)).toBe(Math.round(600 * (1_155_801 / EF_REFERENCE_SIZE) ** EF_GROWTH));
  });
});

describe('a graph saved by the version before adaptive ef', () => {
  const fixture = fileURLToPath(new URL('../../fixtures/vector/index-before-adaptive-ef.hnsw', import.meta.url));

  it('is rebuilt by a library (format 1), and still loads where asked for, answering like an exact search', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'index.hnsw');
      await copyFile(fixture, path);
      await copyFile(metaPathFor(fixture), metaPathFor(path));
      expect(await loadIndex(path, { generation: 42 })).toMatchObject({ index: null, reason: expect.stringMatching(/format 1/) });
      const loaded = await loadIndex(path, { generation: 42, anyFormat: true });
      if (!loaded.index) throw new Error(loaded.reason);
      expect(loaded.meta).toMatchObject({ version: 1, embedderId: 'fixture-embedder', dimension: 8, count: 199, deleted: [1003] });
      expect(loaded.index.params).toEqual({ m: 16, efConstruction: 100, ef: 600 });
      expect(loaded.index.size).toBe(199);
      expect(loaded.index.has(1003)).toBe(false);
      // The fixture's vectors are mulberry32(7) draws in order: label 1000 + i holds the i-th.
      const random = generator(7);
      const vectors = Array.from({ length: 200 }, () => Float32Array.from({ length: 8 }, random));
      const query = vectors[57] as Float32Array;
      const exact = vectors
        .map((v, i) => ({ label: 1000 + i, similarity: cosine(query, v) }))
        .filter((n) => n.label !== 1003)
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 5);
      expect(loaded.index.search(query, 5).map((n) => n.label)).toEqual(exact.map((n) => n.label));

      // Written again by this version, it reads back the same.
      loaded.index.add(5000, vectors[3] as Float32Array);
      await saveIndex(loaded.index, path, { embedderId: 'fixture-embedder', generation: 43 });
      expect(JSON.parse(await readFile(metaPathFor(path), 'utf8'))).toMatchObject({ version: 1, count: 200, params: { m: 16, ef: 600 } });
      const reloaded = await loadIndex(path, { generation: 43, anyFormat: true });
      expect(reloaded.index?.search(vectors[3] as Float32Array, 1)[0]?.label).toBe(5000); // the deleted 1003's vector, now 5000's
    });
  });
});
