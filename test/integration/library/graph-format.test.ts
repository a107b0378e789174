import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { libraryPaths, openLibrary } from '../../../src-main/library/library.ts';
import { HnswIndex } from '../../../src-main/vector/hnsw-index.ts';
import { GRAPH_FORMAT, metaPathFor, saveIndex } from '../../../src-main/vector/index-file.ts';
import { GOOD, writeDocs } from './library-fixtures.ts';
import { libraryBed } from './library-bed.ts';

const bed = libraryBed(GOOD);

const dataDir = () => join(bed.root, 'data');
const open = async () => (bed.library = await openLibrary({ dataDir: dataDir(), embedder: bed.embedder, answerBeforeGraph: true }));
const savedMeta = async () => JSON.parse(await readFile(metaPathFor(libraryPaths(dataDir()).index), 'utf8')) as { version: number; count: number };

describe('the graph format a bed.library keeps', () => {
  it('rebuilds a graph of the older format (hnswlib) once from the catalog, losing no vector', async () => {
    const lib = await open();
    await lib.ingest([join(bed.root, 'docs')]);
    const chunks = lib.stats().chunks;
    await lib.close();
    bed.library = undefined;
    expect(await savedMeta()).toMatchObject({ version: GRAPH_FORMAT, count: chunks });

    // The graph a bed.library of the previous release saved: hnswlib's, over the same catalog state.
    const paths = libraryPaths(dataDir());
    const catalog = Catalog.open(paths.catalog);
    const old = new HnswIndex(bed.embedder.dimension);
    for (const { id, vector } of catalog.vectors()) old.add(id, vector);
    await saveIndex(old, paths.index, { embedderId: bed.embedder.id, generation: catalog.generation() });
    catalog.close();
    expect(await savedMeta()).toMatchObject({ version: 1, count: chunks });

    // Rebuilt from the catalog in the background: a search by meaning waits for it, and closing saves it.
    const reopened = await open();
    expect(reopened.stats()).toMatchObject({ vectorsLoading: true, vectors: chunks });
    expect((await reopened.search('hive insects making sweet food', { mode: 'vector' }))[0]?.title).toBe('Keeping bees');
    expect(reopened.stats()).toMatchObject({ vectorsLoading: false, vectors: chunks });
    await reopened.close();
    expect(await savedMeta()).toMatchObject({ version: GRAPH_FORMAT, count: chunks });

    // Rebuilt once: the next opening reads the new graph in the background.
    const third = await open();
    expect(third.stats().vectorsLoading).toBe(true);
    await third.settle();
    expect(third.stats()).toMatchObject({ vectorsLoading: false, vectors: chunks });
  });

  it('changes a memory-mapped graph after opening: removals and ingests reach the saved graph', async () => {
    const lib = await open();
    await lib.ingest([join(bed.root, 'docs')]);
    await lib.close();
    const reopened = await open();
    await reopened.settle();
    await writeDocs(join(bed.root, 'more'), { 'clock.txt': 'Winding a pendulum clock\n\nThe escapement releases the gear train one tooth at a time.\n' });
    await reopened.ingest([join(bed.root, 'more')]);
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
