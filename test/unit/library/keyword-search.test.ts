import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { keywordCandidates, OR_POSTINGS_BUDGET, tellingTerms } from '../../../src-main/search/keyword-search.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

describe('keyword candidates', () => {
  it('drops terms most chunks contain and ranks chunks holding every telling term first', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const texts = Array.from({ length: 120 }, (_, i) => `common words in note ${i}`);
        texts[5] = 'common rare words';
        texts[9] = 'common rare rare rare';
        texts[40] = 'common rare backups other';
        const ids = texts.map((text, i) => catalog.putDocument(
          { path: `/d/${i}.txt`, folder: '/d', hash: String(i), type: 'text', size: 1, mtime: 0, title: '', ingestedAt: 0 },
          [{ start: 0, end: text.length, text, vector: null }],
        ).chunkIds[0]);
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
});
