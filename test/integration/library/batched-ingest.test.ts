// Documents committed a batch at a time give the same library as documents committed one by one: the same
// chunk ids, the same graph (byte for byte, and the same again when rebuilt from the catalog, as after a restore),
// and the same answers to every kind of search.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { libraryPaths, openLibrary, type Library } from '../../../src-main/library/library.ts';
import { metaPathFor } from '../../../src-main/vector/index-file.ts';
import { mulberry32 } from '../../../src-main/walrus-local/faults.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { savedGraphBase } from './library-fixtures.ts';

const TOPICS = [
  'river stone bridge water flood bank',
  'violin orchestra concert music score',
  'garden tomato seed soil harvest',
  'comet telescope orbit star planet',
  'harbour ship cargo crane sailor',
  'bread oven flour yeast bakery',
];
const COMMON = 'the a of and to in was for on with that by it from as at is were which this'.split(' ');
const FILES = 90;

let embedder: WordVectorEmbedder;
let root: string;
const libraries: Library[] = [];

async function writeCorpus(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const random = mulberry32(7);
  const pick = (words: string[]) => words[Math.floor(random() * words.length)] ?? '';
  for (let i = 0; i < FILES; i++) {
    const topic = (TOPICS[i % TOPICS.length] ?? '').split(' ');
    const paragraphs = Array.from({ length: 2 + (i % 4) }, () =>
      Array.from({ length: 90 }, () => (random() < 0.3 ? pick(topic) : pick(COMMON))).join(' ') + '.',
    );
    await writeFile(join(dir, `doc-${String(i).padStart(3, '0')}.txt`), `Notes ${i}\n\n${paragraphs.join('\n\n')}\n`);
  }
}

beforeAll(async () => {
  embedder = await bundledEmbedder();
  root = await makeTempDir();
  await writeCorpus(join(root, 'docs'));
});
afterAll(async () => {
  for (const library of libraries) await library.close(); // a second close does nothing
  await rm(root, { recursive: true, force: true });
});

async function opened(name: string, documentsPerBatch = 64): Promise<Library> {
  const library = await openLibrary({ dataDir: join(root, name), embedder, ingestBatch: { documents: documentsPerBatch, waitMs: 3_600_000 } });
  libraries.push(library);
  return library;
}

async function ingested(name: string, documentsPerBatch: number): Promise<Library> {
  const library = await opened(name, documentsPerBatch);
  const summary = await library.ingest([join(root, 'docs')]);
  expect(summary.counts).toEqual({ ingested: FILES, updated: 0, unchanged: 0, failed: 0 });
  await library.settle();
  return library;
}

describe('batched ingest', () => {
  it('builds the same library and answers every search as one-document commits do', async () => {
    const oneByOne = await ingested('one-by-one', 1);
    const batched = await ingested('batched', 32);
    // Every document with its chunks (ids, offsets, texts); only the time of ingest differs.
    const catalogOf = (library: Library) =>
      library.documents({ limit: 1000 }).documents.map((d) => {
        const { document, chunks } = library.document(d.id);
        return { document: { ...document, ingestedAt: 0 }, chunks };
      });
    expect(catalogOf(batched)).toEqual(catalogOf(oneByOne));
    expect(batched.stats().vectors).toBe(oneByOne.stats().chunks);
    const queries = ['river flood', 'violin concert score', 'tomato harvest soil', 'planet orbit', 'cargo ship crane', 'yeast oven', 'music', 'the water'];
    for (const query of queries) {
      for (const mode of ['hybrid', 'keyword', 'vector'] as const) {
        const expected = await oneByOne.search(query, { k: 10, mode });
        expect(expected.length, `${mode} "${query}"`).toBeGreaterThan(0);
        expect(await batched.search(query, { k: 10, mode }), `${mode} "${query}"`).toEqual(expected);
      }
    }
    // The graph itself, saved when the library closes (one base, no delta): the same bytes, so every search answers alike.
    const graphOf = async (name: string) => readFile(await savedGraphBase(join(root, name)));
    await oneByOne.close();
    await batched.close();
    const graph = await graphOf('one-by-one');
    expect((await graphOf('batched')).equals(graph)).toBe(true);
    // Rebuilt from the stored vectors (a restore, a lost graph): the graph the ingest built.
    await rm(await savedGraphBase(join(root, 'batched')));
    await rm(metaPathFor(libraryPaths(join(root, 'batched')).index));
    const rebuilt = await opened('batched');
    await rebuilt.settle();
    expect(rebuilt.stats().vectors).toBe(rebuilt.stats().chunks);
    await rebuilt.close();
    expect((await graphOf('batched')).equals(graph)).toBe(true);
  });
});
