// A search for a word common in the library (past the common-term limit) is ranked by keywords once the
// library's keyword heads are built: the passage FTS5's bm25 ranks best for the word comes first.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { libraryPaths, openLibrary, type LibraryOptions } from '../../../src-main/library/library.ts';
import { commonTermLimit } from '../../../src-main/search/term-limits.ts';
import { quoteTerm } from '../../../src-main/search/terms.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeDocs } from './library-fixtures.ts';

const DOCUMENTS = 40;
const PARAGRAPHS = 85;

let embedder: WordVectorEmbedder;
let root: string;

beforeAll(async () => {
  embedder = await bundledEmbedder();
});
beforeEach(async () => {
  root = await makeTempDir();
  // 40 contracts of 85 paragraphs (a chunk each): "warranty" in about 45% of them, said more often in some.
  const files: Record<string, string> = {};
  for (let d = 0; d < DOCUMENTS; d++) {
    const paragraphs = Array.from({ length: PARAGRAPHS }, (_, p) => {
      const i = d * PARAGRAPHS + p;
      const warranty = i % 9 < 4 ? ` The warranty${' warranty'.repeat(i % 5)} covers this part.` : '';
      return `Clause ${i} of contract ${d}.${warranty} ${'The parties agree to the terms written in this clause and its annex. '.repeat(8)}`;
    });
    files[`contract-${d}.txt`] = paragraphs.join('\n\n');
  }
  await writeDocs(join(root, 'docs'), files);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a search for a common word', () => {
  it('is ranked by its keyword head once heads reach past the common-term limit, and not before', async () => {
    const dataDir = join(root, 'data');
    const search = async (options: LibraryOptions) => {
      const library = await openLibrary(options);
      try {
        if (!library.stats().chunks) await library.ingest([join(root, 'docs')]);
        await library.settle();
        return await library.search('warranty', { k: 5, mode: 'keyword' });
      } finally {
        await library.close();
      }
    };
    expect(await search({ dataDir, embedder, keywordHeads: { commonTerms: false } })).toEqual([]);

    const found = await search({ dataDir, embedder });
    const catalog = Catalog.open(libraryPaths(dataDir).catalog);
    try {
      const chunks = catalog.chunkCount();
      const count = catalog.termDocumentCounts(['warranty'], chunks).get('warranty') ?? 0;
      expect(count).toBeGreaterThan(commonTermLimit(chunks));
      expect(count).toBeLessThan(chunks / 2);
      const [best] = catalog.keywordSearch(quoteTerm('warranty'), 1);
      expect(found.length).toBeGreaterThan(0);
      expect(found[0]?.passages[0]?.chunkId).toBe(best?.chunkId);
      expect(found[0]?.explain.keyword?.rank).toBe(1);
    } finally {
      catalog.close();
    }
  });
});
