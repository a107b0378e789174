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
});
