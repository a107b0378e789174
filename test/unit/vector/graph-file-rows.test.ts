// The int8 rows of a saved USearch graph, read from its file: each label's row is its own vector (so the query
// of a stored vector finds that label first), a freed slot or an unknown label has none, and the ranking of the
// rows is the float32 one up to int8 rounding.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exactNearest } from '../../../src-main/search/vector-candidates.ts';
import { GraphFileRows } from '../../../src-main/vector/graph-file-rows.ts';
import { UsearchIndex } from '../../../src-main/vector/usearch-index.ts';
import { randomVectors } from '../../helpers/random-vectors.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const DIMENSION = 24;

describe('GraphFileRows', () => {
  it('reads each label\'s int8 row from the saved graph, whatever its slot', async () => {
    await withTempDir(async (dir) => {
      const vectors = randomVectors(700, DIMENSION).map((v) => Float32Array.from(v));
      const index = new UsearchIndex(DIMENSION, { quantization: 'i8', capacity: 16 }); // grown several times
      const labelOf = (i: number) => 3 * i + 5; // labels with gaps, not equal to slots
      index.addMany(vectors.map((_, i) => labelOf(i)), Float32Array.from(vectors.flatMap((v) => [...v])));
      index.remove(labelOf(10));
      index.remove(labelOf(11));
      index.add(labelOf(11), vectors[12] as Float32Array); // replaced: its new vector is what the file holds
      const path = join(dir, 'graph.hnsw');
      index.writeTo(path);

      const rows = GraphFileRows.read(path, DIMENSION, index.labelBound);
      const labels = vectors.map((_, i) => labelOf(i));
      for (const i of [0, 1, 57, 300, 699]) {
        const { found, missing } = rows.nearest(vectors[i] as Float32Array, labels, 1, () => false);
        expect(found[0]?.label).toBe(labelOf(i));
        expect(found[0]?.similarity).toBeGreaterThan(0.99);
        expect(missing).toEqual([labelOf(10)]);
      }
      const replaced = rows.nearest(vectors[12] as Float32Array, [labelOf(11), labelOf(200)], 1, () => false);
      expect(replaced.found[0]?.label).toBe(labelOf(11));
      expect(replaced.found[0]?.similarity).toBeGreaterThan(0.99);

      const skipped = rows.nearest(vectors[0] as Float32Array, [labelOf(0), labelOf(1), 1, 100_000], 5, (label) => label === labelOf(0));
      expect(skipped.found.map((f) => f.label)).toEqual([labelOf(1)]);
      expect(skipped.missing.sort((a, b) => a - b)).toEqual([1, labelOf(0), 100_000].sort((a, b) => a - b));

      // Ranked by the rows, the float32 top 10 is within the first 40 (int8 rounding reorders near-ties only).
      const query = Float32Array.from(randomVectors(1, DIMENSION, 7)[0] ?? []); // not one of the stored vectors
      const live = labels.filter((label) => label !== labelOf(10) && label !== labelOf(11));
      const byRows = rows.nearest(query, live, 40, () => false).found.map((f) => f.label);
      const byFloat = exactNearest(live.map((id) => ({ id, vector: vectors[(id - 5) / 3] as Float32Array })), query, 10).map((n) => n.label);
      expect(byRows.length).toBe(40);
      expect(byFloat.filter((label) => byRows.includes(label))).toEqual(byFloat);
    });
  });

  it('refuses a graph whose rows are not int8 vectors of the dimension', async () => {
    await withTempDir(async (dir) => {
      const index = new UsearchIndex(DIMENSION, { quantization: 'f16' });
      index.add(1, randomVectors(1, DIMENSION)[0] ?? []);
      const path = join(dir, 'graph.hnsw');
      index.writeTo(path);
      expect(() => GraphFileRows.read(path, DIMENSION, 2)).toThrow(/rows of 48 bytes/);
    });
  });
});
