import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HnswIndex } from '../../../src-main/vector/hnsw-index.ts';
import { describeIndex, loadIndex, metaPathFor, saveIndex } from '../../../src-main/vector/index-file.ts';
import { UsearchIndex, type Quantization } from '../../../src-main/vector/usearch-index.ts';
import { randomVectors } from '../../helpers/random-vectors.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const sorted = (labels: Iterable<number>) => [...labels].sort((a, b) => a - b);

describe.each<Quantization>(['i8', 'f16'])('UsearchIndex (%s vectors)', (quantization) => {
  it('finds the nearest vectors by cosine similarity', () => {
    const index = new UsearchIndex(3, { quantization });
    index.add(1, [1, 0, 0]);
    index.add(2, [0, 1, 0]);
    index.add(3, [0.9, 0.1, 0]);
    const hits = index.search([1, 0.05, 0], 2);
    expect(hits.map((h) => h.label)).toEqual([1, 3]);
    expect(hits[0]?.similarity).toBeGreaterThan(0.99);
    expect(hits[0]?.similarity).toBeGreaterThan(hits[1]?.similarity ?? 1);
  });

  it('grows past its capacity by itself', () => {
    const index = new UsearchIndex(8, { capacity: 4, quantization });
    const vectors = randomVectors(300, 8);
    vectors.forEach((v, i) => index.add(i, v));
    expect(index.size).toBe(300);
    expect(index.capacity).toBeGreaterThanOrEqual(300);
    expect(index.search(vectors[217] ?? [], 1)[0]?.label).toBe(217);
  });

  it('removes, replaces a label and lists the live labels', () => {
    const index = new UsearchIndex(2, { quantization });
    index.add(1, [1, 0]);
    index.add(2, [0, 1]);
    index.add(9, [-1, 0.2]);
    expect(index.remove(1)).toBe(true);
    expect(index.remove(1)).toBe(false);
    expect(index.has(1)).toBe(false);
    expect(index.search([1, 0], 5).map((h) => h.label)).toEqual([2, 9]);
    index.add(2, [1, 0.01]); // replace: now the nearest to [1, 0]
    expect(index.size).toBe(2);
    expect(index.search([1, 0], 1)[0]?.label).toBe(2);
    expect(sorted(index.labels())).toEqual([2, 9]);
    expect(index.deletedLabels()).toEqual([]);
    expect(() => index.add(3, [1, 0, 0])).toThrow(/3 dimensions/);
  });

  it('restricts results with a label filter, asking the graph for more until enough pass', () => {
    const index = new UsearchIndex(4, { quantization, params: { ef: 8 } });
    randomVectors(400, 4).forEach((v, i) => index.add(i, v));
    const query = randomVectors(1, 4, 9)[0] ?? [];
    // One label in 40 is allowed: the first rounds of 8 and 32 candidates hold too few.
    const hits = index.search(query, 5, (label) => label % 40 === 0);
    expect(hits.map((h) => h.label).every((label) => label % 40 === 0)).toBe(true);
    expect(hits.length).toBe(5);
    expect(index.search(query, 100, (label) => label % 2 === 0).length).toBe(100);
    expect(index.search(query, 1000, (label) => label < 3).map((h) => h.label).sort()).toEqual([0, 1, 2]);
    expect(new UsearchIndex(4, { quantization }).search([1, 0, 0, 0], 5)).toEqual([]);
  });
});

describe('UsearchIndex persistence', () => {
  const info = { embedderId: 'e1', generation: 7 };
  const expectOk = { generation: 7 };
  const vectors = randomVectors(200, 6);

  async function saved(dir: string): Promise<{ path: string; index: UsearchIndex }> {
    const index = new UsearchIndex(6, { params: { m: 8, efConstruction: 50, ef: 20 } });
    vectors.forEach((v, i) => index.add(100 + i, v));
    index.remove(105);
    const path = join(dir, 'index.hnsw');
    await saveIndex(index, path, info);
    return { path, index };
  }

  it('round-trips the graph memory-mapped, with its parameters, labels and removals', async () => {
    await withTempDir(async (dir) => {
      const { path, index } = await saved(dir);
      const loaded = await loadIndex(path, expectOk);
      if (!loaded.index) throw new Error(loaded.reason);
      expect(loaded.index).toBeInstanceOf(UsearchIndex);
      expect(loaded.meta).toMatchObject({ version: 2, quantization: 'i8', labelBound: 300, count: 199, deleted: [] });
      expect(loaded.index.size).toBe(199);
      expect(loaded.index.params).toEqual({ m: 8, efConstruction: 50, ef: 20 });
      expect(loaded.index.has(105)).toBe(false);
      expect(sorted(loaded.index.labels())).toEqual(sorted(index.labels()));
      const q = randomVectors(1, 6, 5)[0] ?? [];
      expect(loaded.index.search(q, 5)).toEqual(index.search(q, 5));
    });
  });

  it('reads a mapped graph whole on its first change, which then saves and reloads', async () => {
    await withTempDir(async (dir) => {
      const { path } = await saved(dir);
      const loaded = await loadIndex(path, expectOk);
      if (!loaded.index) throw new Error(loaded.reason);
      loaded.index.add(500, vectors[0] ?? []);
      expect(loaded.index.remove(101)).toBe(true);
      expect(loaded.index.remove(105)).toBe(false);
      loaded.index.add(102, vectors[150] ?? []); // replaced
      expect(loaded.index.size).toBe(199);
      expect(loaded.index.search(vectors[150] ?? [], 2).map((h) => h.label).sort()).toEqual([102, 250]);
      await saveIndex(loaded.index, path, { ...info, generation: 8 });
      const again = await loadIndex(path, { generation: 8 });
      if (!again.index) throw new Error(again.reason);
      expect(again.meta.labelBound).toBe(501);
      expect(again.index.has(500) && !again.index.has(101) && !again.index.has(105)).toBe(true);
      expect(again.index.size).toBe(199);
      expect(again.index.search(vectors[0] ?? [], 2).map((h) => h.label).sort()).toEqual([100, 500]);
    });
  });

  it('refuses a corrupt graph before the native reader sees it, and a graph of another format', async () => {
    await withTempDir(async (dir) => {
      const { path } = await saved(dir);
      const bytes = await readFile(path);
      for (let i = 0; i < bytes.length; i += 97) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
      await writeFile(path, bytes);
      expect(await loadIndex(path, expectOk)).toMatchObject({ index: null, reason: 'index file is corrupt' });

      const old = new HnswIndex(6);
      vectors.forEach((v, i) => old.add(i, v));
      const oldPath = join(dir, 'old.hnsw');
      await saveIndex(old, oldPath, info);
      expect(JSON.parse(await readFile(metaPathFor(oldPath), 'utf8'))).toMatchObject({ version: 1 });
      expect(await describeIndex(oldPath, expectOk)).toMatchObject({ meta: null, reason: expect.stringMatching(/format 1/) });
      const anyFormat = await loadIndex(oldPath, { ...expectOk, anyFormat: true });
      expect(anyFormat.index).toBeInstanceOf(HnswIndex);
    });
  });
});
