import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src-main/library/catalog.ts';
import { KeywordHeads } from '../../../src-main/search/keyword-heads.ts';
import { keywordCandidates, tellingTerms } from '../../../src-main/search/keyword-search.ts';
import { commonTermLimit } from '../../../src-main/search/term-limits.ts';
import { quoteTerm } from '../../../src-main/search/terms.ts';
import { withCatalog } from '../../fixtures/search/heads-notes.ts';

const noPause = () => Promise.resolve();
const CHUNKS = 3400;
const PER_DOCUMENT = 100;

/**
 * A library where "warranty" is common (past the common-term limit, under half the chunks), "licence" is in more
 * than half of them (FTS5 gives it no weight), and "software" is not common. Counts and lengths vary so bm25 has
 * an order to find.
 */
function chunkText(i: number): string {
  const words = [`clause ${i}`, 'the terms below apply '.repeat(1 + (i % 5))];
  if (i % 2 === 0 && i % 50 !== 0) words.push('warranty '.repeat(1 + (i % 7)));
  if (i % 2 === 0 || i % 3 === 0) words.push('licence');
  if (i % 3 === 0) words.push('software');
  return words.join(' ');
}

function addDocument(catalog: Catalog, path: string, texts: readonly string[]): number[] {
  const doc = { path, folder: '/l', hash: path, type: 'text' as const, size: 1, mtime: 0, title: '', ingestedAt: 0 };
  return catalog.putDocument(doc, texts.map((text) => ({ start: 0, end: text.length, text, vector: null }))).chunkIds;
}

function fill(catalog: Catalog): void {
  for (let d = 0; d < CHUNKS / PER_DOCUMENT; d++) {
    addDocument(catalog, `/l/${d}.txt`, Array.from({ length: PER_DOCUMENT }, (_, c) => chunkText(d * PER_DOCUMENT + c)));
  }
}

function ftsRanking(catalog: Catalog, term: string, n: number): number[] {
  return catalog.keywordSearch(quoteTerm(term), n).map((h) => h.chunkId);
}

describe('a query of only common words', () => {
  it('is ranked as FTS5 ranks its rarest word alone, from that word’s stored head', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const limit = commonTermLimit(catalog.chunkCount());
      const warranty = catalog.termDocumentCounts(['warranty'], CHUNKS).get('warranty') ?? 0;
      expect(warranty).toBeGreaterThan(limit);
      expect(warranty).toBeLessThan(CHUNKS / 2);
      expect(tellingTerms(catalog, ['warranty', 'licence'])).toEqual([]); // both past the limit

      // While no heads are current, such a query has no keyword half (scoring "warranty" walks a share of the library).
      const heads = new KeywordHeads(catalog);
      expect(keywordCandidates(catalog, ['warranty'], 50, undefined, heads)).toEqual([]);
      expect(await heads.refresh(noPause)).toBe('built');

      const best = ftsRanking(catalog, 'warranty', 50);
      expect(best).toHaveLength(50);
      expect(keywordCandidates(catalog, ['warranty'], 50, undefined, heads)).toEqual(best);
      expect(keywordCandidates(catalog, ['warranties'], 10, undefined, heads)).toEqual(best.slice(0, 10)); // same Porter stem
      // Several common words: the rarest one with weight ranks ("licence" is in over half the chunks: no head).
      expect(keywordCandidates(catalog, ['licence', 'warranty', 'absentword'], 50, undefined, heads)).toEqual(best);
      expect(keywordCandidates(catalog, ['licence'], 50, undefined, heads)).toEqual([]);
      // A rarer telling word leaves the common ones out, as before.
      expect(keywordCandidates(catalog, ['warranty', 'software'], 20, undefined, heads)).toEqual(ftsRanking(catalog, 'software', 20));
    });
  });

  it('has no keyword half with heads built only up to the common-term limit, which count as out of date', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const upToLimit = new KeywordHeads(catalog, { commonTerms: false });
      expect(await upToLimit.refresh(noPause)).toBe('built');
      expect(keywordCandidates(catalog, ['warranty'], 50, undefined, upToLimit)).toEqual([]);
      const heads = new KeywordHeads(catalog);
      expect(heads.isCurrent()).toBe(false);
      expect(await heads.refresh(noPause)).toBe('built');
      expect(keywordCandidates(catalog, ['warranty'], 50, undefined, heads)).toEqual(ftsRanking(catalog, 'warranty', 50));
    });
  });

  it('within a filter, gets the head’s chunks in scope: the top of the filtered ranking', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog);
      await heads.refresh(noPause);
      const every = ftsRanking(catalog, 'warranty', CHUNKS);
      const inScope = (id: number) => id % 4 === 1; // about half of "warranty"'s chunks
      expect(keywordCandidates(catalog, ['warranty'], 10, inScope, heads)).toEqual(every.filter(inScope).slice(0, 10));
      // More asked than the head holds in scope: the ones it holds, still in the filtered ranking's order.
      const many = keywordCandidates(catalog, ['warranty'], 500, inScope, heads);
      expect(many.length).toBeGreaterThan(10);
      expect(many.length).toBeLessThan(200);
      expect(many).toEqual(every.filter(inScope).slice(0, many.length));
    });
  });

  it('keeps its head up to date after an addition and a removal', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog, { updateShare: 0.05, fullRebuildShare: 0.2 });
      expect(await heads.refresh(noPause)).toBe('built');
      const strongest = addDocument(catalog, '/l/new.txt', ['warranty warranty warranty warranty warranty warranty warranty warranty'])[0];
      expect(keywordCandidates(catalog, ['warranty'], 50, undefined, heads)).toEqual([]); // stale: not used
      expect(await heads.refresh(noPause)).toBe('updated');
      const afterAdding = keywordCandidates(catalog, ['warranty'], 50, undefined, heads);
      expect(afterAdding[0]).toBe(strongest);
      expect(afterAdding).toEqual(ftsRanking(catalog, 'warranty', 50));

      // The document holding the best chunks goes: the next best were not stored, so the head is built anew.
      const best = catalog.documentIdsOf([afterAdding[1] ?? -1]).get(afterAdding[1] ?? -1) ?? -1;
      catalog.removeDocuments([best]);
      expect(await heads.refresh(noPause)).toBe('updated');
      expect(keywordCandidates(catalog, ['warranty'], 50, undefined, heads)).toEqual(ftsRanking(catalog, 'warranty', 50));
    });
  });
});
