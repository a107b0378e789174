import { describe, expect, it } from 'vitest';
import { sortResults, toFilter } from '../../../../src-renderer/stores/search-filters.ts';
import { hit } from '../../../fixtures/search/hits.ts';

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
