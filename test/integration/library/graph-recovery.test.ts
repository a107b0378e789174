// The graph's worker dies in the middle of an ingest: the ingest still succeeds (the catalog is the source of
// truth), a new worker takes the graph over, caught up from the catalog, and every chunk is searchable by meaning.
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { openLibrary } from '../../../src-main/library/library.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { GOOD, writeDocs } from './library-fixtures.ts';

const CRASHING_WORKER = new URL('./crashing-graph-worker.ts', import.meta.url);
let embedder: WordVectorEmbedder;
let root: string;

beforeAll(async () => {
  embedder = await bundledEmbedder();
});
beforeEach(async () => {
  root = await makeTempDir();
  await writeDocs(join(root, 'docs'), GOOD);
});
afterEach(async () => {
  delete process.env.PDW_TEST_GRAPH_CRASH_FILE;
  await rm(root, { recursive: true, force: true });
});

describe('a graph worker that dies during an ingest', () => {
  it('loses nothing: the ingest succeeds and a new worker holds every vector', async () => {
    const dataDir = join(root, 'data');
    const options = { dataDir, embedder, graphWorker: { workerUrl: CRASHING_WORKER }, ingestBatch: { documents: 1 } };
    const trigger = join(root, 'crash-at-next-insert');
    process.env.PDW_TEST_GRAPH_CRASH_FILE = trigger; // a worker reads its environment when it starts
    let library = await openLibrary(options);
    try {
      await library.ingest([join(root, 'docs', 'tea.html')]);
      await writeFile(trigger, '');
      const summary = await library.ingest([join(root, 'docs')]);
      expect(summary.counts.failed).toBe(0);
      expect(existsSync(trigger)).toBe(false); // the worker did die
      await library.settle();
      const stats = library.stats();
      expect(stats).toMatchObject({ documents: 4, vectorsLoading: false });
      expect(stats.vectors).toBe(stats.chunks);
      expect((await library.search('hive insects making sweet food', { mode: 'vector' }))[0]?.title).toBe('Keeping bees');
    } finally {
      await library.close();
    }
    library = await openLibrary(options);
    try {
      await library.settle();
      expect(library.stats().vectors).toBe(library.stats().chunks);
      expect((await library.search('sunny vegetables watering', { mode: 'vector', k: 1 }))[0]?.title).toBe('Vegetable garden');
    } finally {
      await library.close();
    }
  });
});
