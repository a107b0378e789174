import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../../../../src-shared/contract/library.ts';
import { afterReply, type SearchReply } from '../../../../src-renderer/stores/search-reply.ts';
import { hit } from '../../../fixtures/search/hits.ts';

const reply = (ids: number[], vectorsLoading = false): SearchReply => ({ results: ids.map((id) => hit(id)), tookMs: 2, vectorsLoading });
const ids = (results: SearchResult[]) => results.map((r) => r.documentId);

describe('a search reply on the Search page', () => {
  it('shows a new query from its first hit, and keeps the keyword-only flag the reply carries', () => {
    const shown = { results: [hit(1), hit(2), hit(3)], selected: 2, sort: 'relevance' as const };
    const next = afterReply(shown, reply([4, 5], true), 'query');
    expect(next).toMatchObject({ selected: 0, vectorsLoading: true, tookMs: 2 });
    expect(ids(next.results)).toEqual([4, 5]);
  });

  it('keeps the selection on the same document when the graph re-ranks the hits', () => {
    const shown = { results: [hit(1), hit(2), hit(3)], selected: 1, sort: 'relevance' as const };
    const next = afterReply(shown, reply([9, 3, 1, 2]), 'vectorsReady');
    expect(next.vectorsLoading).toBe(false);
    expect(next.selected).toBe(3); // document 2, now fourth
    expect(ids(next.results)).toEqual([9, 3, 1, 2]);
  });

  it('follows the document in the shown order when hits are sorted by date', () => {
    const shown = { results: [hit(1, '2026-03-01T00:00:00Z'), hit(2, '2026-01-01T00:00:00Z')], selected: 0, sort: 'oldest' as const }; // shows 2, 1
    const results = [hit(1, '2026-03-01T00:00:00Z'), hit(7, '2025-01-01T00:00:00Z'), hit(2, '2026-01-01T00:00:00Z')]; // shows 7, 2, 1
    expect(afterReply(shown, { results, tookMs: 1, vectorsLoading: false }, 'vectorsReady').selected).toBe(1);
  });

  it('leaves the selection in its place when the selected document dropped out, within the new list', () => {
    const shown = { results: [hit(1), hit(2), hit(3)], selected: 2, sort: 'relevance' as const };
    expect(afterReply(shown, reply([5, 6, 7, 8]), 'vectorsReady').selected).toBe(2);
    expect(afterReply(shown, reply([5]), 'vectorsReady').selected).toBe(0);
    expect(afterReply(shown, reply([]), 'vectorsReady').selected).toBe(0);
  });
});
