import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../../../../src-shared/contract/library.ts';
import { sortResults, toFilter } from '../../../../src-renderer/stores/search-filters.ts';

const hit = (documentId: number, modifiedAt: string): SearchResult => ({
  documentId,
  path: `/n/${documentId}`,
  title: `${documentId}`,
  type: 'text',
  modifiedAt,
  score: 1 / documentId,
  passages: [{ chunkId: documentId, score: 1 / documentId, snippet: [] }],
  explain: { foundBy: 'keyword', keyword: { rank: documentId, score: 1 / documentId }, vector: null, fusedScore: 1 / documentId },
});

describe('search filters', () => {
  it('asks for nothing when nothing narrows the search', () => {
    expect(toFilter({ types: [], folder: '', modifiedWithin: 'any' })).toBeUndefined();
  });

  it('turns folder, types and a date window into the contract filter', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(toFilter({ types: ['pdf'], folder: '/home/me/notes', modifiedWithin: 'week' }, now)).toEqual({
      types: ['pdf'],
      folder: '/home/me/notes',
      modifiedAfter: '2026-11-28T12:00:00.000Z',
    });
  });

  it('sorts the hits by date, ties in relevance order, and leaves relevance as ranked', () => {
    const hits = [hit(1, '2026-01-01T00:00:00Z'), hit(2, '2026-06-01T00:00:00Z'), hit(3, '2026-01-01T00:00:00Z')];
    expect(sortResults(hits, 'relevance').map((h) => h.documentId)).toEqual([1, 2, 3]);
    expect(sortResults(hits, 'newest').map((h) => h.documentId)).toEqual([2, 1, 3]);
    expect(sortResults(hits, 'oldest').map((h) => h.documentId)).toEqual([1, 3, 2]);
  });
});
