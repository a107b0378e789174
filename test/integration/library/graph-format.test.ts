import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { libraryPaths, openLibrary, type Library } from '../../../src-main/library/library.ts';
import { HnswIndex } from '../../../src-main/vector/hnsw-index.ts';
import { GRAPH_FORMAT, metaPathFor, saveIndex } from '../../../src-main/vector/index-file.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { GOOD, writeDocs } from './library-fixtures.ts';

let embedder: WordVectorEmbedder;
let root: string;
let library: Library | undefined;

beforeAll(async () => {
  embedder = await bundledEmbedder();
});
beforeEach(async () => {
  root = await makeTempDir();
  await writeDocs(join(root, 'docs'), GOOD);
});
afterEach(async () => {
  await library?.close();
  library = undefined;
  await rm(root, { recursive: true, force: true });
});

const dataDir = () => join(root, 'data');
const open = async () => (library = await openLibrary({ dataDir: dataDir(), embedder, answerBeforeGraph: true }));
const savedMeta = async () => JSON.parse(await readFile(metaPathFor(libraryPaths(dataDir()).index), 'utf8')) as { version: number; count: number };

describe('the graph format a library keeps', () => {
  it('rebuilds a graph of the older format (hnswlib) once from the catalog, losing no vector', async () => {
    const lib = await open();
    await lib.ingest([join(root, 'docs')]);
    const chunks = lib.stats().chunks;
    await lib.close();
    library = undefined;
    expect(await savedMeta()).toMatchObject({ version: GRAPH_FORMAT, count: chunks });

    // The graph a library of the previous release saved: hnswlib's, over the same catalog state.
    const paths = libraryPaths(dataDir());
    const catalog = Catalog.open(paths.catalog);
    const old = new HnswIndex(embedder.dimension);
    for (const { id, vector } of catalog.vectors()) old.add(id, vector);
    await saveIndex(old, paths.index, { embedderId: embedder.id, generation: catalog.generation() });
    catalog.close();
    expect(await savedMeta()).toMatchObject({ version: 1, count: chunks });

    const reopened = await open();
    expect(reopened.stats()).toMatchObject({ vectorsLoading: false, vectors: chunks });
    expect((await reopened.search('hive insects making sweet food', { mode: 'vector' }))[0]?.title).toBe('Keeping bees');
    expect(await savedMeta()).toMatchObject({ version: GRAPH_FORMAT, count: chunks });

    // Rebuilt once: the next opening reads the new graph in the background.
    await reopened.close();
    const third = await open();
    expect(third.stats().vectorsLoading).toBe(true);
    await third.settle();
    expect(third.stats()).toMatchObject({ vectorsLoading: false, vectors: chunks });
  });

  it('changes a memory-mapped graph after opening: removals and ingests reach the saved graph', async () => {
    const lib = await open();
    await lib.ingest([join(root, 'docs')]);
    await lib.close();
    const reopened = await open();
    await reopened.settle();
    await writeDocs(join(root, 'more'), { 'clock.txt': 'Winding a pendulum clock\n\nThe escapement releases the gear train one tooth at a time.\n' });
    await reopened.ingest([join(root, 'more')]);
    const bees = (await reopened.search('hive insects making sweet food', { mode: 'vector' }))[0];
    expect(bees?.title).toBe('Keeping bees');
    await reopened.remove([bees?.documentId ?? -1]);
    const chunks = reopened.stats().chunks;
    expect(reopened.stats().vectors).toBe(chunks);
    await reopened.close();
    const third = await open();
    await third.settle();
    expect(third.stats().vectors).toBe(chunks);
    expect((await third.search('pendulum escapement', { mode: 'vector' }))[0]?.title).toBe('Winding a pendulum clock');
    expect((await third.search('hive insects making sweet food', { mode: 'vector' })).some((r) => r.title === 'Keeping bees')).toBe(false);
  });
});
