// Filtered searches: a folder with few chunks is searched exactly from its stored vectors, a larger scope
// through the graph with a chunk → document check, and a filter that leaves everything in is no filter.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { GraphWorker } from '../../../src-main/library/graph-client.ts';
import { libraryPaths, openLibrary, type Library } from '../../../src-main/library/library.ts';
import { filterScope } from '../../../src-main/search/filter-scope.ts';
import { EXACT_SEARCH_MAX_CHUNKS, nearestChunks } from '../../../src-main/search/vector-candidates.ts';
import { loadIndex } from '../../../src-main/vector/index-file.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeDocs } from './library-fixtures.ts';

let root: string;
let library: Library;

const TOPICS = ['bees and honey in the hive', 'tides and storms at the harbour', 'tomatoes and beans in the garden', 'green tea and its leaves'];
const THINGS = (
  'church bridge castle river forest mountain village market school station library museum hospital factory farm ' +
  'island desert valley lake beach harbour tower palace garden stadium airport prison temple mill mine canal road ' +
  'field meadow orchard vineyard cottage barn stable lighthouse quarry dock fountain square theatre cinema bakery chapel'
).split(' ');

beforeAll(async () => {
  root = await makeTempDir();
  // Two folders of notes on the same topics: "small" is a small share of the library.
  // Each note also names its own thing, so no two have the same vector (ties could rank either way).
  const notes = (folder: string, count: number, offset: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`${folder}-${i}.txt`, `Note of ${folder}: ${TOPICS[i % TOPICS.length]}, near the ${THINGS[offset + i]}.`]));
  await writeDocs(join(root, 'docs', 'small'), notes('small', 8, 0));
  await writeDocs(join(root, 'docs', 'large'), notes('large', 40, 8));
  library = await openLibrary({ dataDir: join(root, 'data'), embedder: await bundledEmbedder() });
  await library.ingest([join(root, 'docs')]);
});
afterAll(async () => {
  await library.close();
  await rm(root, { recursive: true, force: true });
});

/** Chunk ids of a search, in order. */
async function ranked(query: string, filter?: { folder?: string; types?: ('text' | 'pdf')[] }, mode: 'vector' | 'keyword' = 'vector'): Promise<number[]> {
  return (await library.search(query, { k: 50, mode, ...(filter ? { filter } : {}) })).map((r) => r.passages[0]?.chunkId ?? -1);
}

describe('filtered search', () => {
  it('ranks a small folder exactly as the whole library ranks it, restricted to the folder', async () => {
    expect(library.stats().chunks).toBeLessThan(EXACT_SEARCH_MAX_CHUNKS); // the exact path, whatever the folder
    const folder = join(root, 'docs', 'small');
    for (const query of ['honey bees', 'storm at sea', 'garden vegetables']) {
      const everywhere = (await library.search(query, { k: 50, mode: 'vector' })).filter((r) => r.path.startsWith(folder)).map((r) => r.passages[0]?.chunkId ?? -1);
      const inFolder = await ranked(query, { folder });
      expect(inFolder.length).toBeGreaterThan(0);
      expect(inFolder).toEqual(everywhere.slice(0, inFolder.length));
      const keyword = await library.search(query, { k: 50, mode: 'keyword', filter: { folder } });
      expect(keyword.every((r) => r.path.startsWith(folder))).toBe(true);
    }
  });

  it('gives the same ranking through the graph, checking each label\'s document, as from the stored vectors', async () => {
    await library.flush();
    const catalog = Catalog.open(libraryPaths(join(root, 'data')).catalog);
    try {
      const { index } = await loadIndex(libraryPaths(join(root, 'data')).index, { generation: catalog.generation() });
      if (!index) throw new Error('the saved graph did not load');
      const scope = filterScope(catalog, { folder: join(root, 'docs', 'small') });
      if (!scope) throw new Error('the folder should restrict the search');
      expect(scope.chunks).toBe(8);
      for (const query of ['honey bees', 'storm at sea']) {
        const [vector] = await library.embedder.embed([query]);
        const exact = (await nearestChunks(catalog, index, vector as Float32Array, 5, scope)).map((n) => n.label);
        expect((await nearestChunks(catalog, index, vector as Float32Array, 5, scope, { exact: 0 })).map((n) => n.label)).toEqual(exact);
        expect(exact.every(scope.admits)).toBe(true);
      }
    } finally {
      catalog.close();
    }
  });

  it('gives the exact ranking when the graph\'s worker scans the scope\'s int8 rows, and leaves what its base lacks to the catalog', async () => {
    await library.flush();
    const paths = libraryPaths(join(root, 'data'));
    const catalog = Catalog.open(paths.catalog);
    const worker = new GraphWorker(library.embedder.dimension);
    try {
      const loaded = await loadIndex(paths.index, { generation: catalog.generation() });
      if (!loaded.index) throw new Error('the saved graph did not load');
      await worker.load(paths.index, loaded.meta);
      const scope = filterScope(catalog, { folder: join(root, 'docs', 'large') });
      if (!scope) throw new Error('the folder should restrict the search');
      expect(scope.chunks).toBe(40);
      const scanned = vi.spyOn(worker, 'scan');
      for (const query of ['honey bees', 'storm at sea', 'garden vegetables', 'tea leaves']) {
        const [vector] = await library.embedder.embed([query]);
        const exact = await nearestChunks(catalog, worker, vector as Float32Array, 3, scope);
        expect(await nearestChunks(catalog, worker, vector as Float32Array, 3, scope, { exact: 0 })).toEqual(exact);
      }
      expect(scanned).toHaveBeenCalledTimes(4); // the scan answered, not the exact path
      // A chunk the mapped base lacks a current vector of (in the delta, removed, never added) is reported missing.
      const [vector] = await library.embedder.embed(['honey bees']);
      const labels = Array.from({ length: catalog.documentOfChunk().length }, (_, id) => id).filter(scope.admits);
      const [removed, ...kept] = labels;
      await worker.add([900_000], [vector as Float32Array]);
      await worker.remove([removed as number]);
      const { found, missing } = await worker.scan(vector as Float32Array, 50, [...labels, 900_000, 1_000_000]);
      expect(missing.sort((a, b) => a - b)).toEqual([removed, 900_000, 1_000_000]);
      expect(found.map((f) => f.label).sort((a, b) => a - b)).toEqual(kept);
    } finally {
      await worker.close();
      catalog.close();
    }
  });

  it('treats a filter that leaves every document in as no filter, and one that leaves none as no results', async () => {
    expect(await ranked('tea leaves', { types: ['text'] })).toEqual(await ranked('tea leaves'));
    expect(await ranked('tea leaves', { types: ['text'] }, 'keyword')).toEqual(await ranked('tea leaves', undefined, 'keyword'));
    expect(await ranked('tea leaves', { types: ['pdf'] })).toEqual([]);
  });
});
