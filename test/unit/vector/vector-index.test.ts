import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HnswIndex } from '../../../src-main/vector/hnsw-index.ts';
import { loadIndex, metaPathFor, saveIndex } from '../../../src-main/vector/index-file.ts';
import { VectorStore } from '../../../src-main/vector/vector-store.ts';
import { randomVectors } from '../../helpers/random-vectors.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

describe('HnswIndex', () => {
  it('finds the nearest vectors by cosine similarity', () => {
    const index = new HnswIndex(3);
    index.add(1, [1, 0, 0]);
    index.add(2, [0, 1, 0]);
    index.add(3, [0.9, 0.1, 0]);
    const hits = index.search([1, 0.05, 0], 2);
    expect(hits.map((h) => h.label)).toEqual([1, 3]);
    expect(hits[0]?.similarity).toBeGreaterThan(0.99);
  });

  it('grows past its capacity by itself', () => {
    const index = new HnswIndex(8, { capacity: 4 });
    randomVectors(50, 8).forEach((v, i) => index.add(i, v));
    expect(index.size).toBe(50);
    expect(index.capacity).toBeGreaterThanOrEqual(50);
    expect(index.search(randomVectors(50, 8)[17] ?? [], 1)[0]?.label).toBe(17);
  });

  it('deletes by marking, replaces a label, and reuses freed slots', () => {
    const index = new HnswIndex(2, { capacity: 4 });
    index.add(1, [1, 0]);
    index.add(2, [0, 1]);
    expect(index.remove(1)).toBe(true);
    expect(index.remove(1)).toBe(false);
    expect(index.search([1, 0], 5).map((h) => h.label)).toEqual([2]);
    index.add(2, [1, 0.01]); // replace
    expect(index.size).toBe(1);
    for (let i = 10; i < 13; i++) index.add(i, [i, 1]);
    expect(index.capacity).toBe(4); // deleted slots were reused instead of growing
  });

  it('restricts results with a label filter and handles k beyond the size', () => {
    const index = new HnswIndex(4);
    randomVectors(30, 4).forEach((v, i) => index.add(i, v));
    const hits = index.search(randomVectors(1, 4, 9)[0] ?? [], 100, (label) => label % 2 === 0);
    expect(hits.length).toBe(15);
    expect(hits.every((h) => h.label % 2 === 0)).toBe(true);
    expect(new HnswIndex(4).search([1, 0, 0, 0], 5)).toEqual([]);
  });
});

describe('index persistence', () => {
  const info = { embedderId: 'e1', generation: 7 };
  // hnswlib's graphs are of format 1, which a library rebuilds: they load where asked for explicitly.
  const expectOk = { generation: 7, anyFormat: true };

  async function saved(dir: string): Promise<{ path: string; index: HnswIndex }> {
    const index = new HnswIndex(6, { params: { m: 8, efConstruction: 50, ef: 20 } });
    randomVectors(40, 6).forEach((v, i) => index.add(100 + i, v));
    index.remove(105);
    const path = join(dir, 'index.hnsw');
    await saveIndex(index, path, info);
    return { path, index };
  }

  it('round-trips the graph, its parameters and its deletions', async () => {
    await withTempDir(async (dir) => {
      const { path, index } = await saved(dir);
      const loaded = await loadIndex(path, expectOk);
      if (!loaded.index) throw new Error(loaded.reason);
      expect(loaded.index.size).toBe(39);
      expect(loaded.index.has(105)).toBe(false);
      expect(loaded.index.params).toEqual({ m: 8, efConstruction: 50, ef: 20 });
      expect(loaded.meta).toMatchObject({ embedderId: 'e1', dimension: 6, count: 39, deleted: [105] });
      const tuned = await loadIndex(path, { ...expectOk, ef: 64 });
      expect(tuned.index?.params.ef).toBe(64);
      const q = randomVectors(1, 6, 5)[0] ?? [];
      expect(loaded.index.search(q, 5).map((h) => h.label)).toEqual(index.search(q, 5).map((h) => h.label));
    });
  });

  it('keeps a loaded graph writable: adds and removals update its size and labels', async () => {
    await withTempDir(async (dir) => {
      const { path } = await saved(dir);
      const loaded = await loadIndex(path, expectOk);
      if (!loaded.index) throw new Error(loaded.reason);
      loaded.index.add(500, randomVectors(1, 6, 3)[0] ?? []);
      expect(loaded.index.remove(101)).toBe(true);
      expect(loaded.index.remove(105)).toBe(false); // deleted before the save
      expect(loaded.index.size).toBe(39);
      expect(loaded.index.has(500)).toBe(true);
      expect([...loaded.index.labels()].sort((a, b) => a - b)).toEqual([100, 102, 103, 104, ...Array.from({ length: 34 }, (_, i) => 106 + i), 500]);
      expect(loaded.index.deletedLabels()).toEqual([101]); // 500 took the slot 105 had left
    });
  });

  it('still loads a graph whose description carries a SHA-256 instead of a CRC-32', async () => {
    await withTempDir(async (dir) => {
      const { path } = await saved(dir);
      const meta = JSON.parse(await readFile(metaPathFor(path), 'utf8')) as Record<string, unknown>;
      expect(meta.crc32).toEqual(expect.any(Number));
      const sha256 = createHash('sha256').update(await readFile(path)).digest('hex');
      await writeFile(metaPathFor(path), JSON.stringify({ ...meta, crc32: undefined, sha256 }));
      expect((await loadIndex(path, expectOk)).index?.size).toBe(39);
      await writeFile(metaPathFor(path), JSON.stringify({ ...meta, crc32: undefined, sha256: sha256.replace(/^./, (c) => (c === '0' ? '1' : '0')) }));
      expect(await loadIndex(path, expectOk)).toMatchObject({ index: null, reason: 'index file is corrupt' });
      await writeFile(metaPathFor(path), JSON.stringify({ ...meta, crc32: undefined }));
      expect(await loadIndex(path, expectOk)).toMatchObject({ index: null, reason: 'index file is corrupt' });
    });
  });

  it('refuses a missing, corrupt or stale index with a reason', async () => {
    await withTempDir(async (dir) => {
      const { path } = await saved(dir);
      expect((await loadIndex(path, { ...expectOk, generation: 8 })).index).toBeNull();
      const bytes = await readFile(path);
      bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
      await writeFile(path, bytes);
      expect(await loadIndex(path, expectOk)).toMatchObject({ index: null, reason: 'index file is corrupt' });
      await rm(path);
      expect(await loadIndex(path, expectOk)).toMatchObject({ index: null, reason: expect.stringMatching(/missing/) });
      await rm(metaPathFor(path));
      expect(await loadIndex(path, expectOk)).toMatchObject({ index: null, reason: expect.stringMatching(/no readable index description/) });
    });
  });
});

describe('VectorStore (the guide API)', () => {
  it('adds embeddings with text and searches to (text, similarity) pairs', () => {
    const store = new VectorStore(3, 2);
    store.addEmbedding({ vector: [1, 0, 0], text: 'First document content' });
    store.addEmbedding({ vector: [0, 1, 0], text: 'Second document content' });
    const id = store.addEmbedding({ vector: [0.7, 0.7, 0], text: 'Third' });
    expect(store.count).toBe(3);
    const [best, second] = store.search([0.05, 1, 0], 2);
    expect(best?.[0]).toBe('Second document content');
    expect(second?.[0]).toBe('Third');
    expect(best?.[1]).toBeGreaterThan(second?.[1] ?? 1);
    store.remove(id);
    expect(store.count).toBe(2);
  });
});
