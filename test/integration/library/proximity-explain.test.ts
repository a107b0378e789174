// A document lifted by the proximity bonus must say so: the explanation names the bonus (part of its score),
// what earned it, and where the document ranked without it, in the contract, the tooltip text and the CLI's.
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { NO_PROXIMITY } from '../../../src-main/search/term-proximity.ts';
import { searchResultSchema } from '../../../src-shared/contract/library.ts';
import { describeExplain } from '../../../src-shared/search-explain.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeDocs } from './library-fixtures.ts';

let root: string;
let library: Library;

const QUERY = 'remove empty directories';

beforeAll(async () => {
  root = await makeTempDir();
  await writeDocs(join(root, 'docs'), {
    // Two of the query's words, repeated and never side by side: bm25 prefers it.
    'scattered.txt': 'Directories, directories, directories. Some are empty, some hold files; empty ones are directories too.',
    // The query as a phrase, once, in a longer text.
    'phrase.txt':
      'Shell commands for tidying a home folder after a long year of downloads, notes, photos and half finished projects: rmdir will remove empty directories, nothing else.',
    // Others, so that the query's words are rare enough to weigh.
    'bread.txt': 'Bake the bread for forty minutes, then let it cool on a rack before slicing.',
    'garden.txt': 'Water the tomatoes in the evening; the basil wants sun, the mint wants shade.',
    'train.txt': 'The night train leaves at ten; the sleeper car is at the back of the platform.',
    'chess.txt': 'Castle early, keep the bishops, and push the pawns in the centre.',
  });
  library = await openLibrary({ dataDir: join(root, 'data'), embedder: await bundledEmbedder() });
  await library.ingest([join(root, 'docs')]);
});
afterAll(async () => {
  await library.close();
  await rm(root, { recursive: true, force: true });
});

describe('the explanation of the proximity bonus', () => {
  it('says a document was lifted by its adjacent query words, and where it ranked without them', async () => {
    const without = await library.search(QUERY, { k: 3, mode: 'keyword', proximity: NO_PROXIMITY });
    expect(without.slice(0, 2).map((r) => basename(r.path))).toEqual(['scattered.txt', 'phrase.txt']);
    expect(without.every((r) => r.explain.proximity === undefined)).toBe(true);

    const results = await library.search(QUERY, { k: 3, mode: 'keyword' });
    expect(results.slice(0, 2).map((r) => basename(r.path))).toEqual(['phrase.txt', 'scattered.txt']);
    const [lifted, passed] = results;
    if (!lifted) throw new Error('no results');
    expect(lifted.explain.proximity).toMatchObject({ pairs: { share: 1 }, coverage: { share: 1 }, rankBefore: 2 });
    expect(passed?.explain.proximity?.rankBefore).toBe(1);
    // The bonus is the part of the score the search without it did not give.
    const before = without.find((r) => r.documentId === lifted.documentId);
    expect(lifted.explain.fusedScore).toBeCloseTo((before?.score ?? NaN) + (lifted.explain.proximity?.bonus ?? NaN), 12);
    expect(() => searchResultSchema.parse(lifted)).not.toThrow();
    expect(describeExplain(lifted.explain)).toMatch(/^Found by .*; adjacent query words \+0\.\d\d \(100% of pairs\), query words held \+0\.\d\d \(100%\), rank 2 without them; score /);
  });

  it('names no bonus in a vector-only search', async () => {
    const results = await library.search(QUERY, { k: 3, mode: 'vector' });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.explain.proximity === undefined)).toBe(true);
  });
});
