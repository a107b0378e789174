import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libraryPaths, openLibrary } from '../../../src-main/library/library.ts';
import { metaPathFor } from '../../../src-main/vector/index.ts';
import { GOOD, savedGraphBase, writeDocs } from './library-fixtures.ts';
import { libraryBed } from './library-bed.ts';

const bed = libraryBed(GOOD);

let ready: number[] = [];
const open = async () => {
  ready = [];
  return (bed.library = await openLibrary({ dataDir: join(bed.root, 'data'), embedder: bed.embedder, answerBeforeGraph: true, onVectorsReady: (n) => ready.push(n) }));
};

/** A bed.library with the good documents ingested and closed, so its graph is saved. */
async function savedLibrary(): Promise<number> {
  const lib = await open();
  await lib.ingest([join(bed.root, 'docs')]);
  const vectors = lib.stats().vectors;
  await lib.close();
  bed.library = undefined;
  return vectors;
}

describe('opening a bed.library reads its saved graph in the background', () => {
  it('answers by keywords at once, then by meaning once the graph is in', async () => {
    const vectors = await savedLibrary();
    const lib = await open();
    // Reading the graph takes file I/O, which cannot have finished before opening returned.
    expect(lib.stats()).toMatchObject({ vectorsLoading: true, vectors });
    const first = await lib.search('tea leaves', { k: 5 });
    expect(first[0]?.title).toBe('Brewing Green Tea');
    expect(first.every((r) => r.explain.foundBy === 'keyword' && r.explain.vector === null)).toBe(true);
    expect(lib.stats().vectorsLoading).toBe(true);
    expect(ready).toEqual([]);
    // A search whose words no document holds waits for the graph rather than answering with nothing.
    const byMeaning = await lib.search('insects producing sugary syrup', { k: 5 });
    expect(byMeaning[0]?.title).toBe('Keeping bees');
    expect(lib.stats().vectorsLoading).toBe(false);
    // Whoever showed the keyword answer is told the graph is in, to ask again.
    expect(ready).toEqual([vectors]);
  });

  it('a search by meaning alone waits for the graph', async () => {
    const vectors = await savedLibrary();
    const lib = await open();
    expect(lib.stats().vectorsLoading).toBe(true);
    // A search by meaning alone has no other half to answer with: it waits for the graph. No shared words with
    // the document, so only the vector half can find it.
    expect((await lib.search('hive insects making sweet food', { mode: 'vector' }))[0]?.title).toBe('Keeping bees');
    expect(lib.stats()).toMatchObject({ vectorsLoading: false, vectors });
    expect((await lib.search('tea leaves', { k: 5 }))[0]?.explain.foundBy).toBe('both');
  });

  it('waits for the graph before changing it: an ingest right after opening loses no vectors', async () => {
    await savedLibrary();
    await writeDocs(join(bed.root, 'more'), { 'clock.txt': 'Winding a pendulum clock\n\nThe escapement releases the gear train one tooth at a time.\n' });
    const lib = await open();
    expect(lib.stats().vectorsLoading).toBe(true);
    await lib.ingest([join(bed.root, 'more')]);
    expect(lib.stats()).toMatchObject({ vectorsLoading: false, vectors: lib.stats().chunks });
    await lib.close();
    const reopened = await open();
    await reopened.settle();
    expect(reopened.stats().vectors).toBe(reopened.stats().chunks);
    expect((await reopened.search('pendulum escapement', { mode: 'vector' }))[0]?.title).toBe('Winding a pendulum clock');
  });

  it('builds the graph a restored library has none of in the background, answering by keywords meanwhile', async () => {
    const vectors = await savedLibrary();
    const { index } = libraryPaths(join(bed.root, 'data'));
    await rm(metaPathFor(index)); // as a restore leaves it: the catalog's vectors, no saved graph
    const lib = await open();
    expect(lib.stats()).toMatchObject({ vectorsLoading: true, vectors });
    const first = await lib.search('tea leaves', { k: 5 });
    expect(first[0]?.title).toBe('Brewing Green Tea');
    expect(first.every((r) => r.explain.foundBy === 'keyword')).toBe(true);
    await lib.settle();
    expect(lib.stats()).toMatchObject({ vectorsLoading: false, vectors });
    expect(ready).toEqual([vectors]);
    expect((await lib.search('hive insects making sweet food', { mode: 'vector' }))[0]?.title).toBe('Keeping bees');
    await lib.close();
    expect(JSON.parse(await readFile(metaPathFor(index), 'utf8'))).toMatchObject({ count: vectors }); // saved once built
  });

  it('rebuilds a graph found damaged while reading it, and searches by keywords meanwhile', async () => {
    const vectors = await savedLibrary();
    const graph = await savedGraphBase(join(bed.root, 'data'));
    const bytes = await readFile(graph);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff; // same size: only the checksum tells
    await writeFile(graph, bytes);
    const lib = await open();
    expect(lib.stats().vectorsLoading).toBe(true);
    expect((await lib.search('tea leaves'))[0]?.title).toBe('Brewing Green Tea');
    await lib.settle();
    expect(lib.stats()).toMatchObject({ vectorsLoading: false, vectors });
    expect((await lib.search('hive insects making sweet food', { mode: 'vector' }))[0]?.title).toBe('Keeping bees');
    await lib.close();
    expect(await readFile(await savedGraphBase(join(bed.root, 'data')))).not.toEqual(bytes); // saved again, intact
  });
});
