// The same vectors inserted in the same order give the same graph, byte for byte, however the inserts are
// grouped into calls and whatever searches run between them: a library built twice answers alike.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsearchIndex } from '../../../src-main/vector/usearch-index.ts';
import { randomVectors } from '../../helpers/random-vectors.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const DIMENSION = 24;
const COUNT = 1500;
/** Small parameters keep the test quick; the graph's structure, not its quality, is compared. */
const PARAMS = { m: 8, efConstruction: 40, ef: 60 };
const rows = randomVectors(COUNT, DIMENSION, 3);
const queries = randomVectors(40, DIMENSION, 11);

/** A graph of every row, labelled 1.., inserted in calls of `callSizes` (cycled); `between` runs after each call. */
function built(callSizes: readonly number[], between?: (index: UsearchIndex) => void): UsearchIndex {
  const index = new UsearchIndex(DIMENSION, { params: PARAMS });
  for (let from = 0, call = 0; from < COUNT; call++) {
    const to = Math.min(COUNT, from + (callSizes[call % callSizes.length] as number));
    const labels = Array.from({ length: to - from }, (_, i) => from + i + 1);
    index.addMany(labels, Float32Array.from(rows.slice(from, to).flat()));
    between?.(index);
    from = to;
  }
  return index;
}

async function graphHash(index: UsearchIndex, dir: string): Promise<string> {
  const path = join(dir, `graph-${Math.random().toString(36).slice(2)}.usearch`);
  index.writeTo(path);
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

const answers = (index: UsearchIndex) => queries.map((q) => index.search(q, 50).map((hit) => hit.label));

describe('UsearchIndex determinism', { timeout: 30_000 }, () => {
  it('builds the same graph from the same inserts, whatever the calls they came in', async () => {
    await withTempDir(async (dir) => {
      const reference = built([1]);
      const expected = await graphHash(reference, dir);
      // One document's chunks at a time, ingest's batches, a rebuild's pages, everything in one call.
      for (const callSizes of [[1], [3, 7, 2, 11], [32], [256], [1024], [COUNT]]) {
        const index = built(callSizes);
        expect(await graphHash(index, dir), `calls of ${callSizes.join(', ')}`).toBe(expected);
        expect(answers(index)).toEqual(answers(reference));
      }
    });
  });

  it('builds the same graph when searches run between the inserts', async () => {
    await withTempDir(async (dir) => {
      const quiet = built([32]);
      const searched = built([5, 9], (index) => index.search(queries[index.size % queries.length] ?? [], 10));
      expect(await graphHash(searched, dir)).toBe(await graphHash(quiet, dir));
    });
  });
});
