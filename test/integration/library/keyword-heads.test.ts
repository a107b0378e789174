// The library keeps its common terms' keyword heads up to date in the background: built after an ingest,
// rebuilt after a removal, picked up again after a restart that interrupted them, and never wrong meanwhile.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { libraryPaths, openLibrary, type Library, type LibraryOptions } from '../../../src-main/library/library.ts';
import { KeywordHeads } from '../../../src-main/search/keyword-heads.ts';
import { quoteTerm } from '../../../src-main/search/terms.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeDocs } from './library-fixtures.ts';

let embedder: WordVectorEmbedder;
let root: string;
let options: LibraryOptions;

beforeAll(async () => {
  embedder = await bundledEmbedder();
});
beforeEach(async () => {
  root = await makeTempDir();
  // 40 short notes, "lighthouse" in 24 of them, said more often in some: a term common enough for a head here.
  const notes: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    const lighthouse = i % 5 < 3 ? ` The lighthouse${' lighthouse'.repeat(i % 4)} stood by the harbour.` : '';
    notes[`note-${i}.txt`] = `Logbook note ${i}.${lighthouse} Ships passed in the night and the tide turned at ${i} o'clock.`;
  }
  await writeDocs(join(root, 'docs'), notes);
  options = { dataDir: join(root, 'data'), embedder, keywordHeads: { minPostings: 10, length: 60, updateShare: 0.05 } };
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Reads the catalog beside the open library, as another connection would. */
function inspect<T>(fn: (catalog: Catalog, heads: KeywordHeads) => T): T {
  const catalog = Catalog.open(libraryPaths(options.dataDir).catalog);
  try {
    return fn(catalog, new KeywordHeads(catalog, options.keywordHeads));
  } finally {
    catalog.close();
  }
}

async function lighthouseDocuments(library: Library): Promise<number[]> {
  return (await library.search('lighthouse', { k: 10, mode: 'keyword' })).map((r) => r.passages[0]?.chunkId ?? -1);
}

describe('keyword heads in the library', () => {
  it('are built after an ingest and rebuilt after a removal, and searches rank as FTS5 does throughout', async () => {
    const library = await openLibrary(options);
    try {
      await library.ingest([join(root, 'docs')]);
      await library.settle();
      const expected = inspect((catalog, heads) => {
        expect(heads.isCurrent()).toBe(true);
        expect(heads.ranking('lighthouse', 24)).not.toBeNull();
        return catalog.keywordSearch(quoteTerm('lighthouse'), 10).map((h) => h.chunkId);
      });
      expect(await lighthouseDocuments(library)).toEqual(expected);

      const [first] = (await library.search('lighthouse', { k: 1, mode: 'keyword' }));
      await library.remove([first?.documentId ?? -1]);
      const afterRemoval = await lighthouseDocuments(library); // heads outdated: FTS5 answers
      expect(afterRemoval).not.toContain(first?.passages[0]?.chunkId);
      await library.settle();
      inspect((catalog, heads) => {
        expect(heads.isCurrent()).toBe(true);
        expect(heads.ranking('lighthouse', 23)?.ids.slice(0, 10)).toEqual(catalog.keywordSearch(quoteTerm('lighthouse'), 10).map((h) => h.chunkId));
      });
      expect(await lighthouseDocuments(library)).toEqual(afterRemoval);
    } finally {
      await library.close();
    }
  });

  it('after one more document, rebuild only what it touched and rank its term as FTS5 does', async () => {
    const library = await openLibrary(options);
    try {
      await library.ingest([join(root, 'docs')]);
      await library.settle();
      const tideBefore = inspect((catalog) => catalog.db.prepare("SELECT scores FROM keyword_heads WHERE term = 'tide'").pluck().get());
      expect(tideBefore).toBeDefined();
      await writeDocs(join(root, 'more'), { 'beacon.txt': 'The lighthouse lighthouse lighthouse lighthouse keeper lit the lamp.' });
      await library.ingest([join(root, 'more')]);
      await library.settle();
      const expected = inspect((catalog, heads) => {
        expect(heads.isCurrent()).toBe(true);
        // Built on from the last full build (one chunk since), not anew; the tide's head was kept as it was.
        expect(JSON.parse(catalog.getState('keyword_heads_basis') ?? '{}')).toMatchObject({ changedSinceFull: 1 });
        expect(catalog.db.prepare("SELECT scores FROM keyword_heads WHERE term = 'tide'").pluck().get()).toEqual(tideBefore);
        expect(heads.ranking('lighthouse', 25)?.ids.slice(0, 10)).toEqual(catalog.keywordSearch(quoteTerm('lighthouse'), 10).map((h) => h.chunkId));
        return catalog.keywordSearch(quoteTerm('lighthouse'), 10).map((h) => h.chunkId);
      });
      expect(await lighthouseDocuments(library)).toEqual(expected);
    } finally {
      await library.close();
    }
  });

  it('closing mid-build leaves them outdated, and the next start builds them again', async () => {
    const library = await openLibrary(options);
    await library.ingest([join(root, 'docs')]);
    await library.close(); // the build has only just started
    expect(inspect((_, heads) => heads.isCurrent())).toBe(false);

    const reopened = await openLibrary(options);
    try {
      await reopened.settle();
      expect(inspect((_, heads) => heads.isCurrent())).toBe(true);
    } finally {
      await reopened.close();
    }
  });
});
