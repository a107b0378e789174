// The graph's worker thread with the real graph library: what it answers matches the same graph built on the calling
// thread, a search is answered between slices of a long insert (but never overtakes a removal), a saved graph
// reads back whole, and a dead worker fails what was in flight and says so once.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GraphWorker, GraphWorkerLost } from '../../../src-main/library/graph-client.ts';
import { createVectorIndex } from '../../../src-main/vector/vector-index.ts';
import { describeIndex } from '../../../src-main/vector/index-file.ts';
import { mulberry32 } from '../../../src-main/walrus-local/faults.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const DIM = 16;
const CRASHING_WORKER = new URL('./crashing-graph-worker.ts', import.meta.url);

/** Vectors with components uniform in [-1, 1), the same for the same seed. */
function randomVectors(n: number, seed: number): Float32Array[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: DIM }, () => rand() * 2 - 1));
}

const labelsFrom = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);

describe('the graph worker', () => {
  it('answers searches, filtered or not, as the same graph built on this thread does', async () => {
    const vectors = randomVectors(600, 1);
    const labels = labelsFrom(1, 600);
    const local = createVectorIndex(DIM, { capacity: 1024 });
    labels.forEach((label, i) => local.add(label, vectors[i] as Float32Array));
    const graph = new GraphWorker(DIM);
    try {
      await graph.create({}, 1024);
      await Promise.all([graph.add(labels.slice(0, 300), vectors.slice(0, 300)), graph.add(labels.slice(300), vectors.slice(300))]);
      expect(graph.size).toBe(600);
      expect(graph.highWater).toBe(600);
      const even = (label: number) => label % 2 === 0;
      for (const query of randomVectors(5, 2)) {
        expect(await graph.search(query, 10)).toEqual(local.search(query, 10));
        const filtered = await graph.search(query, 10, even);
        expect(filtered).toEqual(local.search(query, 10, even));
        expect(filtered.every((n) => even(n.label))).toBe(true);
      }
    } finally {
      await graph.close();
    }
  });

  it('answers a search between slices of a long insert, and never with a label removed before it', async () => {
    const graph = new GraphWorker(DIM);
    try {
      await graph.create({}, 8192);
      const vectors = randomVectors(5000, 3);
      await graph.add([1], [vectors[0] as Float32Array]);
      let inserted = false;
      const inserting = graph.add(labelsFrom(2, 4999), vectors.slice(1)).then(() => (inserted = true));
      // Posted behind the insert, answered before it is done: it sees every insert already answered.
      expect((await graph.search(vectors[0] as Float32Array, 1))[0]?.label).toBe(1);
      expect(inserted).toBe(false);
      await inserting;
      expect(graph.size).toBe(5000);
      void graph.remove([1]);
      expect((await graph.search(vectors[0] as Float32Array, 5)).map((n) => n.label)).not.toContain(1);
      // An insert of a label already in the graph leaves it as it is (catching up may post a chunk twice).
      await graph.add([2], [vectors[0] as Float32Array]);
      expect((await graph.search(vectors[1] as Float32Array, 1))[0]).toMatchObject({ label: 2 });
      expect((await graph.search(vectors[1] as Float32Array, 1))[0]?.similarity).toBeCloseTo(1, 5);
    } finally {
      await graph.close();
    }
  });

  it('keeps only the labels the catalog still has, and reads back a saved graph with its high-water label', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'index.hnsw');
      const vectors = randomVectors(200, 4);
      const graph = new GraphWorker(DIM);
      const reopened = new GraphWorker(DIM);
      try {
        await graph.create({}, 256);
        await graph.add(labelsFrom(1, 200), vectors);
        const keep = Float64Array.from(labelsFrom(1, 200).filter((label) => label % 10 !== 0));
        expect(await graph.retain(keep)).toBe(20);
        expect(graph.size).toBe(180);
        const meta = await graph.save(path, { embedderId: 'test', generation: 3 });
        expect(meta).toMatchObject({ count: 180, highWater: 200, generation: 3 });
        const described = await describeIndex(path, { generation: 3 });
        if (!described.meta) throw new Error(described.reason);
        await reopened.load(path, described.meta);
        expect(reopened.size).toBe(180);
        expect(reopened.highWater).toBe(200);
        for (const query of randomVectors(3, 5)) expect(await reopened.search(query, 10)).toEqual(await graph.search(query, 10));
        expect((await reopened.search(vectors[9] as Float32Array, 180)).some((n) => n.label === 10)).toBe(false);
      } finally {
        await graph.close();
        await reopened.close();
      }
    });
  });

  it('refuses a damaged saved graph with the reason', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'index.hnsw');
      const graph = new GraphWorker(DIM);
      try {
        await graph.create({}, 64);
        await graph.add(labelsFrom(1, 20), randomVectors(20, 6));
        const meta = await graph.save(path, { embedderId: 'test', generation: 1 });
        await writeFile(path, Buffer.alloc(meta.bytes, 1));
        await expect(graph.load(path, meta)).rejects.toThrow(/corrupt/);
      } finally {
        await graph.close();
      }
    });
  });

  it('fails the requests in flight when its worker dies, tells once, and refuses later ones', async () => {
    await withTempDir(async (dir) => {
      const trigger = join(dir, 'crash-now');
      await writeFile(trigger, '');
      process.env.PDW_TEST_GRAPH_CRASH_FILE = trigger;
      const lost: GraphWorkerLost[] = [];
      const graph = new GraphWorker(DIM, { workerUrl: CRASHING_WORKER, onLost: (error) => lost.push(error) });
      try {
        await graph.create({}, 64);
        const [vector] = randomVectors(1, 7) as [Float32Array];
        const searching = graph.search(vector, 1); // posted before the insert that kills the worker
        const adding = graph.add([1], [vector]);
        await expect(adding).rejects.toBeInstanceOf(GraphWorkerLost);
        await searching.catch(() => undefined); // answered or failed: either way settled
        await expect(graph.search(vector, 1)).rejects.toBeInstanceOf(GraphWorkerLost);
        expect(lost).toHaveLength(1);
        expect(graph.lost).toBe(true);
      } finally {
        delete process.env.PDW_TEST_GRAPH_CRASH_FILE;
        await graph.close();
      }
    });
  });
  it('starts in a process whose main script was given inline (--input-type=module -e)', async () => {
    // Workers inherit the parent's flags, and refuse --input-type: the graph would be lost to every search.
    const client = new URL('../../../src-main/library/graph-client.ts', import.meta.url).href;
    const script = `
      const { GraphWorker } = await import(${JSON.stringify(client)});
      const graph = new GraphWorker(2);
      await graph.create({}, 16);
      await graph.add([7, 9], [Float32Array.of(1, 0), Float32Array.of(0, 1)]);
      console.log((await graph.search(Float32Array.of(0.1, 1), 1))[0].label);
      await graph.close();`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 });
    expect(stdout.trim()).toBe('9');
  });
});
