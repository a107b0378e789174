import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { keywordCandidates, tellingTerms } from '../../../src-main/search/keyword-search.ts';
import { OR_POSTINGS_BUDGET } from '../../../src-main/search/term-limits.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

/** One single-chunk document per text; returns the chunk ids. */
function addNotes(catalog: Catalog, texts: readonly string[]): (number | undefined)[] {
  return texts.map((text, i) => catalog.putDocument(
    { path: `/d/${i}.txt`, folder: '/d', hash: String(i), type: 'text', size: 1, mtime: 0, title: '', ingestedAt: 0 },
    [{ start: 0, end: text.length, text, vector: null }],
  ).chunkIds[0]);
}

describe('keyword candidates', () => {
  it('drops terms most chunks contain and ranks chunks holding every telling term first', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        // Past the floor of the common-term limit (the OR budget), so "common" and "words" count as common.
        const texts = Array.from({ length: OR_POSTINGS_BUDGET + 100 }, (_, i) => `common words in note ${i}`);
        texts[5] = 'common rare words';
        texts[9] = 'common rare rare rare';
        texts[40] = 'common rare backups other';
        const ids = addNotes(catalog, texts);
        expect(tellingTerms(catalog, ['common', 'rare', 'other', 'absent'])).toEqual([
          { term: 'other', df: 1 },
          { term: 'rare', df: 3 },
        ]);
        // "backup" matches "backups" through the shared Porter stem.
        const found = keywordCandidates(catalog, ['common', 'rare', 'backup'], 10);
        expect(found[0]).toBe(ids[40]);
        expect(new Set(found)).toEqual(new Set([ids[5], ids[9], ids[40]]));
        // Only common terms: nothing telling to rank by.
        expect(keywordCandidates(catalog, ['common', 'words'], 10)).toEqual([]);
        expect(OR_POSTINGS_BUDGET).toBeGreaterThan(3);
      } finally {
        catalog.close();
      }
    });
  });

  it('keeps a term every chunk holds while the library is small: its bm25 weight still tells documents apart', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const texts = Array.from({ length: 120 }, (_, i) => `common words in note ${i}`);
        texts[7] = 'common common common rare';
        texts[8] = 'rare';
        const ids = addNotes(catalog, texts);
        expect(tellingTerms(catalog, ['common', 'rare'])).toEqual([
          { term: 'rare', df: 2 },
          { term: 'common', df: 119 },
        ]);
        // Were "common" dropped, bm25 of "rare" alone would put the shorter chunk first.
        expect(keywordCandidates(catalog, ['common', 'rare'], 3).slice(0, 2)).toEqual([ids[7], ids[8]]);
      } finally {
        catalog.close();
      }
    });
  });

  it('orders several chunks holding every telling term by bm25, and ranks a single one first unscored', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const texts = Array.from({ length: 60 }, (_, i) => `plain note ${i}`);
        texts[3] = 'lantern harbour';
        texts[7] = 'lantern lantern harbour harbour harbour';
        texts[11] = 'lantern harbour and a long tail of other words about the quay';
        texts[20] = 'lantern only';
        texts[30] = 'ferry timetable';
        texts[31] = 'ferry';
        texts[32] = 'timetable';
        const ids = addNotes(catalog, texts);
        const several = keywordCandidates(catalog, ['lantern', 'harbour'], 10);
        expect(several.slice(0, 3)).toEqual(catalog.keywordSearch('"lantern" AND "harbour"', 10).map((h) => h.chunkId));
        expect(new Set(several.slice(0, 3))).toEqual(new Set([ids[3], ids[7], ids[11]]));
        expect(several).toContain(ids[20]); // the OR fills up after them
        const single = keywordCandidates(catalog, ['ferry', 'timetable'], 10);
        expect(single[0]).toBe(ids[30]);
        expect(new Set(single)).toEqual(new Set([ids[30], ids[31], ids[32]]));
      } finally {
        catalog.close();
      }
    });
  });

  it('past the postings cap leaves frequent terms out when a rarer one is telling, and ranks a query of only frequent terms by the rarest', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const texts = Array.from({ length: 40 }, (_, i) => `plain note ${i}`);
        texts[2] = 'lantern harbour harbour';
        texts[4] = 'lantern lantern harbour harbour harbour';
        texts[6] = 'lantern and a long tail of other words about the harbour and the quay';
        texts[8] = 'harbour alone';
        texts[10] = 'harbour again';
        const ids = addNotes(catalog, texts);
        // A cap of 2 chunks: "lantern" (3) and "harbour" (5) are frequent, "quay" (1) is not.
        expect(tellingTerms(catalog, ['lantern', 'harbour'], Infinity)).toEqual([{ term: 'lantern', df: 3 }, { term: 'harbour', df: 5 }]);
        expect(tellingTerms(catalog, ['lantern', 'harbour', 'quay'], 2)).toEqual([{ term: 'quay', df: 1 }]);
        expect(keywordCandidates(catalog, ['lantern', 'harbour', 'quay'], 10, undefined, undefined, 2)).toEqual([ids[6]]);
        // Only frequent terms: the rarest alone, ranked as bm25 ranks it — the most and shortest first.
        expect(tellingTerms(catalog, ['harbour', 'lantern'], 2)).toEqual([{ term: 'lantern', df: 3 }]);
        const capped = keywordCandidates(catalog, ['harbour', 'lantern'], 10, undefined, undefined, 2);
        expect(capped).toEqual([ids[4], ids[2], ids[6]]);
        expect(capped).toEqual(catalog.keywordSearch('"lantern"', 10).map((h) => h.chunkId));
        // Without the cap, the AND of both comes first, then the OR adds the chunks holding "harbour" alone.
        expect(keywordCandidates(catalog, ['harbour', 'lantern'], 10, undefined, undefined, Infinity)).toHaveLength(5);
      } finally {
        catalog.close();
      }
    });
  });
});
