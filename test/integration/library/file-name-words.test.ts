// A query word inside a file name is evidence FTS5 never sees (it matches a path's tokens only whole:
// "libxml", not "xml"): through the real library, of two otherwise equal documents the one named for the
// query's word must rank first, say why, and a word only in a folder's name must lift nothing.
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { NO_FILE_NAME_WORDS } from '../../../src-main/search/file-name-words.ts';
import { searchResultSchema } from '../../../src-shared/contract/library.ts';
import { describeExplain } from '../../../src-shared/search-explain.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeDocs } from './library-fixtures.ts';

let root: string;
let library: Library;

const QUERY = 'xml reader functions';

beforeAll(async () => {
  root = await makeTempDir();
  // Two documents alike but for their names (of one length) and one word outside the query; "libabc" comes
  // first in the folder, so it wins the tie without the file-name evidence.
  await writeDocs(join(root, 'docs'), {
    'libabc.txt': 'The reader functions walk a document tree and report each element quickly.',
    'libxml.txt': 'The reader functions walk a document tree and report each element slowly.',
    'bread.txt': 'Bake the bread for forty minutes, then let it cool on a rack before slicing.',
    'garden.txt': 'Water the tomatoes in the evening; the basil wants sun, the mint wants shade.',
    'train.txt': 'The night train leaves at ten; the sleeper car is at the back of the platform.',
  });
  // "xml" in a folder's name only: every document below it would hold it.
  await writeDocs(join(root, 'xml-archive'), {
    'chess.txt': 'Castle early, keep the bishops, and push the pawns in the centre; reader functions aside.',
  });
  library = await openLibrary({ dataDir: join(root, 'data'), embedder: await bundledEmbedder() });
  await library.ingest([join(root, 'docs'), join(root, 'xml-archive')]);
});
afterAll(async () => {
  await library.close();
  await rm(root, { recursive: true, force: true });
});

const names = (results: { path: string }[]) => results.map((r) => basename(r.path));

describe('the query words inside file names', () => {
  it('rank the document named for a query word above an otherwise equal one, and say so', async () => {
    const without = await library.search(QUERY, { k: 3, mode: 'hybrid', fileNameWords: NO_FILE_NAME_WORDS });
    expect(names(without).slice(0, 2)).toEqual(['libabc.txt', 'libxml.txt']);
    expect(without.every((r) => r.explain.fileName === undefined)).toBe(true);

    const results = await library.search(QUERY, { k: 3, mode: 'hybrid' });
    expect(names(results).slice(0, 2)).toEqual(['libxml.txt', 'libabc.txt']);
    const [lifted, passed] = results;
    if (!lifted) throw new Error('no results');
    // "xml" of the query's three words that count.
    expect(lifted.explain.fileName).toMatchObject({ words: ['xml'], share: 1 / 3, rankBefore: 2 });
    expect(lifted.explain.fileName?.bonus).toBeCloseTo(0.8 / 3, 12);
    expect(passed?.explain.fileName).toBeUndefined();
    expect(() => searchResultSchema.parse(lifted)).not.toThrow();
    expect(describeExplain(lifted.explain)).toMatch(/; query words in its file name \+0\.27 \("xml", 33%\), rank 2 without them; /);
  });

  it('do not count a folder name, and take no part in a vector-only search', async () => {
    const results = await library.search(QUERY, { k: 10, mode: 'keyword' });
    const chess = results.find((r) => basename(r.path) === 'chess.txt');
    expect(chess).toBeDefined();
    expect(chess?.explain.fileName).toBeUndefined();
    const vector = await library.search(QUERY, { k: 10, mode: 'vector' });
    expect(vector.every((r) => r.explain.fileName === undefined)).toBe(true);
  });
});
