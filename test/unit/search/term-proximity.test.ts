import { describe, expect, it } from 'vitest';
import type { RankedDocument } from '../../../src-main/search/document-ranking.ts';
import { termHits } from '../../../src-main/search/snippet.ts';
import { pairShare, rerankByProximity, termCoverage } from '../../../src-main/search/term-proximity.ts';
import { queryTerms, stemKey } from '../../../src-main/search/terms.ts';

const keysOf = (query: string) => queryTerms(query).map(stemKey);
const hitsIn = (query: string, ...texts: string[]) => texts.map((text) => termHits(text, new Set(keysOf(query))));

describe('term proximity', () => {
  const query = 'copy files and directories';

  it('counts the query word pairs found side by side, in the query order, word forms included', () => {
    expect(pairShare(keysOf(query), hitsIn(query, 'cp: Copying files and directories, recursively.'), 1)).toBe(1);
    // "files and" is there; "copy files" and "and directories" are not.
    expect(pairShare(keysOf(query), hitsIn(query, 'Copy the files and then the directories.'), 1)).toBeCloseTo(1 / 3, 12);
    // The pairs reversed do not count.
    expect(pairShare(keysOf(query), hitsIn(query, 'directories and files to copy'), 1)).toBe(0);
  });

  it('lets a wider window take words a few apart, and looks at every passage', () => {
    const apart = hitsIn(query, 'copy all the files');
    expect(pairShare(keysOf(query), apart, 1)).toBe(0);
    expect(pairShare(keysOf(query), apart, 3)).toBeCloseTo(1 / 3, 12);
    expect(pairShare(keysOf(query), hitsIn(query, 'copy files', 'and directories'), 1)).toBeCloseTo(2 / 3, 12);
  });

  it('has no pairs for a one-word query', () => {
    expect(pairShare(keysOf('copy'), hitsIn('copy', 'copy copy'), 1)).toBe(0);
  });

  it('counts the share of the query words held', () => {
    expect(termCoverage(keysOf(query), hitsIn(query, 'copies of files', 'directory'))).toBe(0.75);
    expect(termCoverage([], [])).toBe(0);
  });
});

describe('re-ranking by proximity', () => {
  const query = 'copy files and directories';
  const texts: Record<number, string> = {
    1: 'Move a file. Files are copied when moved across directories, and links are kept.',
    2: 'cp - copy files and directories',
    3: 'Remove empty directories.',
  };
  const documents: RankedDocument[] = [
    { documentId: 1, score: 0.6, chunks: [{ id: 1, score: 0.6 }] },
    { documentId: 2, score: 0.5, chunks: [{ id: 2, score: 0.5 }] },
    { documentId: 3, score: 0.45, chunks: [{ id: 3, score: 0.45 }] },
  ];
  const hitsOf = (d: RankedDocument) => hitsIn(query, ...d.chunks.map((c) => texts[c.id] ?? ''));

  it('lifts the document holding the query as a phrase above a slightly better bm25 match', () => {
    const ranked = rerankByProximity(documents, hitsOf, keysOf(query), { weight: 0.2, window: 1, coverage: 0.1 });
    expect(ranked.map((d) => d.documentId)).toEqual([2, 1, 3]);
    expect(ranked[0]?.score).toBeCloseTo(0.5 + 0.2 + 0.1, 12);
    expect(documents[1]?.score).toBe(0.5);
  });

  it('keeps with each document the evidence its bonus came from and its rank before it', () => {
    const [lifted, passed, last] = rerankByProximity(documents, hitsOf, keysOf(query), { weight: 0.2, window: 1, coverage: 0.1 });
    expect(lifted?.proximity).toEqual({ bonus: expect.closeTo(0.3, 12), pairs: { share: 1, bonus: 0.2 }, coverage: { share: 1, bonus: 0.1 }, rankBefore: 2 });
    // Document 1 holds "files" and "directories" (and "copied"), never two of them side by side.
    expect(passed?.proximity).toMatchObject({ pairs: { share: 0, bonus: 0 }, rankBefore: 1 });
    expect(passed?.proximity?.coverage.share).toBeGreaterThan(0);
    expect(passed?.score).toBeCloseTo(0.6 + (passed?.proximity?.bonus ?? NaN), 12);
    expect(last?.proximity?.rankBefore).toBe(3);
  });

  it('adds no evidence to a document whose passages hold none of the query words', () => {
    const none = rerankByProximity([{ documentId: 9, score: 0.4, chunks: [{ id: 9, score: 0.4 }] }], () => [hitsIn(query, 'Nothing to see here.')[0] ?? []], keysOf(query), {
      weight: 0.2,
      window: 1,
      coverage: 0.1,
    });
    expect(none[0]).not.toHaveProperty('proximity');
    expect(none[0]?.score).toBe(0.4);
  });

  it('never re-orders a clear lead, and with no weight keeps the order', () => {
    const clear = documents.map((d, i) => ({ ...d, score: d.score + (i === 0 ? 1 : 0) }));
    expect(rerankByProximity(clear, hitsOf, keysOf(query), { weight: 0.2, window: 1, coverage: 0.1 }).map((d) => d.documentId)).toEqual([1, 2, 3]);
    expect(rerankByProximity(documents, hitsOf, keysOf(query), { weight: 0, window: 1, coverage: 0 })).toEqual(documents);
  });
});
