import { describe, expect, it } from 'vitest';
import { SearchExplainer } from '../../../src-main/search/explain.ts';
import { describeExplain } from '../../../src-shared/search-explain.ts';

describe('search explanation', () => {
  // Keyword half: chunks 7, 8, 9; vector half: chunks 9, 5 (weight 0.1); RRF k = 2.
  const explainer = new SearchExplainer({ keyword: { ids: [7, 8, 9], weight: 1 }, vector: { ids: [9, 5], similarity: [0.8, 0.6], weight: 0.1 } }, 2);

  it('says both halves found a document when each ranked one of its chunks, with each half its best rank', () => {
    expect(explainer.explain([{ id: 8, score: 0.25 }, { id: 9, score: 0.23 }], 0.25)).toEqual({
      foundBy: 'both',
      keyword: { rank: 2, score: 1 / 4 },
      vector: { rank: 1, similarity: 0.8, score: 0.1 / 3 },
      fusedScore: 0.25,
    });
  });

  it('names the one half that found a document and leaves the other null', () => {
    expect(explainer.explain([{ id: 7, score: 1 / 3 }], 1 / 3)).toMatchObject({ foundBy: 'keyword', keyword: { rank: 1 }, vector: null });
    expect(explainer.explain([{ id: 5, score: 0.025 }], 0.025)).toMatchObject({ foundBy: 'vector', keyword: null, vector: { rank: 2, similarity: 0.6 } });
  });

  it('explains a keyword-only search with the keyword half alone', () => {
    const keywordOnly = new SearchExplainer({ keyword: { ids: [3], weight: 1 } }, 2);
    expect(keywordOnly.explain([{ id: 3, score: 1 / 3 }], 1 / 3)).toEqual({ foundBy: 'keyword', keyword: { rank: 1, score: 1 / 3 }, vector: null, fusedScore: 1 / 3 });
  });

  it('adds where the whole-document ranking placed a document, which counts as found by keywords', () => {
    // Documents 40, 20 ranked by their whole text (weight 1).
    const withDocuments = new SearchExplainer({ vector: { ids: [5], similarity: [0.6], weight: 0.1 } }, 2, { ids: [40, 20], weight: 1 });
    const explained = withDocuments.explain([{ id: 5, score: 0.1 / 3 }], 0.1 / 3 + 1 / 4, 20);
    expect(explained).toEqual({ foundBy: 'both', keyword: null, vector: { rank: 1, similarity: 0.6, score: 0.1 / 3 }, document: { rank: 2, score: 1 / 4 }, fusedScore: 0.1 / 3 + 1 / 4 });
    expect(describeExplain(explained)).toBe('Found by the whole document (rank 2) and meaning (rank 1, similarity 0.60); score 0.2833');
    expect(withDocuments.explain([], 1 / 3, 40)).toMatchObject({ foundBy: 'keyword', keyword: null, vector: null, document: { rank: 1 } });
    expect(withDocuments.explain([{ id: 5, score: 0.1 / 3 }], 0.1 / 3, 99)).not.toHaveProperty('document');
  });

  describe('with the proximity bonus', () => {
    const proximity = { bonus: 0.3, pairs: { share: 1, bonus: 0.2 }, coverage: { share: 1, bonus: 0.1 }, rankBefore: 3 };

    it('carries the bonus the reranker gave, and none when it gave none', () => {
      expect(explainer.explain([{ id: 7, score: 1 / 3 }], 1 / 3 + 0.3, undefined, proximity)).toEqual({
        foundBy: 'keyword',
        keyword: { rank: 1, score: 1 / 3 },
        vector: null,
        proximity,
        fusedScore: 1 / 3 + 0.3,
      });
      expect(explainer.explain([{ id: 7, score: 1 / 3 }], 1 / 3)).not.toHaveProperty('proximity');
    });

    it('names both parts of the bonus and the rank the document had without them', () => {
      const explained = explainer.explain([{ id: 8, score: 0.25 }], 0.25 + 0.3, undefined, proximity);
      expect(describeExplain(explained)).toBe(
        'Found by keywords (rank 2); adjacent query words +0.20 (100% of pairs), query words held +0.10 (100%), rank 3 without them; score 0.5500',
      );
    });

    it('names the query words found in the file name, before the proximity bonus added after them', () => {
      const fileName = { words: ['xml', 'parser'], share: 2 / 3, bonus: 0.5333, rankBefore: 4 };
      const explained = explainer.explain([{ id: 8, score: 0.25 }], 0.25 + 0.5333 + 0.3, undefined, proximity, fileName);
      expect(explained).toMatchObject({ fileName, proximity });
      expect(describeExplain(explained)).toBe(
        'Found by keywords (rank 2); query words in its file name +0.53 ("xml", "parser", 67%), rank 4 without them; adjacent query words +0.20 (100% of pairs), query words held +0.10 (100%), rank 3 without them; score 1.0833',
      );
      expect(explainer.explain([{ id: 8, score: 0.25 }], 0.25)).not.toHaveProperty('fileName');
    });

    it('leaves out a part that earned nothing and rounds the shares', () => {
      const wordsOnly = { bonus: 0.0667, pairs: { share: 0, bonus: 0 }, coverage: { share: 2 / 3, bonus: 0.0667 }, rankBefore: 1 };
      expect(describeExplain(explainer.explain([{ id: 8, score: 0.25 }], 0.3167, undefined, wordsOnly))).toBe(
        'Found by keywords (rank 2); query words held +0.07 (67%), rank 1 without them; score 0.3167',
      );
      const pairsOnly = { bonus: 0.1, pairs: { share: 0.5, bonus: 0.1 }, coverage: { share: 1, bonus: 0 }, rankBefore: 2 };
      expect(describeExplain(explainer.explain([{ id: 9, score: 0.23 }], 0.33, undefined, pairsOnly))).toBe(
        'Found by keywords (rank 3) and meaning (rank 1, similarity 0.80); adjacent query words +0.10 (50% of pairs), rank 2 without them; score 0.3300',
      );
    });
  });
});
