// A base graph (mapped, read-only), a delta of new vectors and tombstones for the base's removed labels answer as
// one graph holding the same live vectors would; saved segment by segment, they read back the same.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeIndex, loadIndex, loadSegments, metaPathFor, saveIndex, type IndexMeta } from '../../../src-main/vector/index-file.ts';
import { removeOrphanedSegments, saveBase, saveSegments } from '../../../src-main/vector/segment-file.ts';
import { SegmentedIndex } from '../../../src-main/vector/segmented-index.ts';
import { UsearchIndex } from '../../../src-main/vector/usearch-index.ts';
import { randomVectors } from '../../helpers/random-vectors.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const DIM = 8;
const PARAMS = { m: 8, efConstruction: 64, ef: 16 };
/** Large enough that each graph is searched exhaustively: the segments and the single graph then agree exactly. */
const EXHAUSTIVE = 10_000;
const vectors = randomVectors(500, DIM, 3);
const queries = randomVectors(25, DIM, 11);
const sorted = (labels: Iterable<number>) => [...labels].sort((a, b) => a - b);

/** A saved base of labels 0..299, opened memory-mapped, with its description. */
async function mappedBase(dir: string): Promise<{ base: UsearchIndex; meta: IndexMeta; path: string }> {
  const built = new UsearchIndex(DIM, { params: PARAMS });
  built.addMany(sorted(Array.from({ length: 300 }, (_, i) => i)), Float32Array.from(vectors.slice(0, 300).flat()));
  const path = join(dir, 'index.hnsw');
  const meta = await saveIndex(built, path, { embedderId: 'e', generation: 1, highWater: 299 });
  const loaded = await loadIndex(path, { generation: 1 });
  if (!(loaded.index instanceof UsearchIndex)) throw new Error('the base did not load');
  return { base: loaded.index, meta, path };
}

/** The changes the tests apply: labels 300..399 added, every seventh base label and a few new ones removed. */
function change(index: SegmentedIndex | UsearchIndex): void {
  for (let label = 300; label < 400; label++) index.add(label, vectors[label] ?? []);
  for (let label = 0; label < 300; label += 7) index.remove(label);
  for (const label of [310, 333, 398]) index.remove(label);
}

/** One in-memory graph of the same live vectors. */
function single(): UsearchIndex {
  const index = new UsearchIndex(DIM, { params: PARAMS });
  for (let label = 0; label < 300; label++) index.add(label, vectors[label] ?? []);
  change(index);
  return index;
}

describe('SegmentedIndex', () => {
  it('answers the same top k as one graph of the same live vectors, filtered or not', async () => {
    await withTempDir(async (dir) => {
      const { base } = await mappedBase(dir);
      const segmented = new SegmentedIndex(base);
      change(segmented);
      const one = single();
      expect(segmented.size).toBe(one.size);
      expect(segmented.changed).toBe(97 + 43); // the delta's live vectors, the base's tombstones
      expect(sorted(segmented.labels())).toEqual(sorted(one.labels()));
      const odd = (label: number) => label % 2 === 1;
      for (const query of queries) {
        expect(segmented.search(query, 10, undefined, EXHAUSTIVE)).toEqual(one.search(query, 10, undefined, EXHAUSTIVE));
        expect(segmented.search(query, 10, odd, EXHAUSTIVE)).toEqual(one.search(query, 10, odd, EXHAUSTIVE));
      }
      // At the default ef the base's search skips tombstones by asking for more: k live hits, none removed.
      const hits = segmented.search(vectors[7] ?? [], 10);
      expect(hits).toHaveLength(10);
      expect(hits.every((h) => segmented.has(h.label))).toBe(true);
    });
  });

  it('never reads the base into memory: its changes go to the delta and tombstones', async () => {
    await withTempDir(async (dir) => {
      const { base } = await mappedBase(dir);
      const segmented = new SegmentedIndex(base);
      expect(segmented.remove(14)).toBe(true);
      expect(segmented.remove(14)).toBe(false);
      expect(segmented.has(14)).toBe(false);
      segmented.add(21, vectors[400] ?? []); // a base label replaced: tombstoned there, its new vector in the delta
      expect(segmented.size).toBe(299);
      expect(segmented.search(vectors[400] ?? [], 1, undefined, EXHAUSTIVE)[0]?.label).toBe(21);
      expect(segmented.search(vectors[21] ?? [], 1, undefined, EXHAUSTIVE)[0]?.label).not.toBe(21);
      expect(base.size).toBe(300); // the mapped base is as saved
      expect(() => segmented.writeTo()).toThrow(/base and delta/);
    });
  });

  it('takes a merged base in place of its own, keeping in the delta only what the merge lacks', async () => {
    await withTempDir(async (dir) => {
      const { base } = await mappedBase(dir);
      const segmented = new SegmentedIndex(base);
      change(segmented);
      // The merge saw the changes up to label 349; later, 5 and 320 (merged) and 360 (not) were removed.
      const merged = new UsearchIndex(DIM, { params: PARAMS });
      for (let label = 0; label < 350; label++) if (segmented.has(label)) merged.add(label, vectors[label] ?? []);
      for (const label of [5, 320, 360]) segmented.remove(label);
      segmented.withBase(merged);
      expect(segmented.tombstones).toEqual(new Set([5, 320]));
      expect(segmented.delta.size).toBe(50 - 2); // 350..399 less 360 and 398
      expect(sorted(segmented.labels())).toEqual(sorted([...single().labels()].filter((l) => ![5, 320, 360].includes(l))));
      for (const query of queries.slice(0, 5)) {
        const hits = segmented.search(query, 10, undefined, EXHAUSTIVE);
        expect(hits.every((h) => segmented.has(h.label))).toBe(true);
      }
    });
  });
});

describe('segments on disk', () => {
  const info = { embedderId: 'e', generation: 2, highWater: 399 };

  it('saves the delta and tombstones beside the base and reads them back', async () => {
    await withTempDir(async (dir) => {
      const { base, meta: baseMeta, path } = await mappedBase(dir);
      const baseBytes = await readFile(path);
      const segmented = new SegmentedIndex(base);
      change(segmented);
      const meta = await saveSegments(segmented, path, baseMeta, info, baseMeta);
      expect(await readFile(path)).toEqual(baseBytes); // the base is not rewritten
      expect(meta).toMatchObject({ count: segmented.size, generation: 2, highWater: 399 });
      expect(meta.delta).toMatchObject({ count: 97, baseCount: 300, baseHighWater: 299, baseGeneration: 1 });
      expect(sorted(meta.delta?.tombstones ?? [])).toEqual(sorted(segmented.tombstones));
      const described = await describeIndex(path, { generation: 2 });
      if (!described.meta) throw new Error(described.reason);
      const loaded = await loadSegments(path, described.meta);
      expect(loaded.size).toBe(segmented.size);
      for (const query of queries) expect(loaded.search(query, 10, undefined, EXHAUSTIVE)).toEqual(segmented.search(query, 10, undefined, EXHAUSTIVE));

      // A second save replaces the delta file; the first is removed once the description names the second.
      segmented.remove(301);
      const next = await saveSegments(segmented, path, baseMeta, { ...info, generation: 3 }, meta);
      const files = (await readdir(dir)).filter((name) => name.includes('.delta-'));
      expect(files).toEqual([next.delta?.file]);
    });
  });

  it('refuses a damaged delta, and removes segment files no description names', async () => {
    await withTempDir(async (dir) => {
      const { base, meta: baseMeta, path } = await mappedBase(dir);
      const segmented = new SegmentedIndex(base);
      change(segmented);
      const meta = await saveSegments(segmented, path, baseMeta, info, baseMeta);
      const stray = await saveBase(single(), path, info); // a merge killed before its base was described
      const deltaPath = join(dir, meta.delta?.file ?? '');
      const bytes = await readFile(deltaPath);
      bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
      await writeFile(deltaPath, bytes);
      await expect(loadSegments(path, meta)).rejects.toThrow(/delta file is corrupt/);
      await removeOrphanedSegments(path, meta);
      expect((await readdir(dir)).sort()).toEqual(['index.hnsw', 'index.json', meta.delta?.file].sort());
      expect(stray.file).toMatch(/^index\.base-[0-9a-f]{12}\.hnsw$/);
      expect(JSON.parse(await readFile(metaPathFor(path), 'utf8'))).toMatchObject({ delta: { file: meta.delta?.file } });
    });
  });
});
