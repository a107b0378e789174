import { describe, expect, it } from 'vitest';
import { rankDocuments, type RankedDocument } from '../../../src-main/search/document-ranking.ts';

// Chunk id → document id of the hand-made cases below.
const documents = new Map([
  [1, 10],
  [2, 20],
  [3, 20],
  [4, 30],
  [5, 20],
  [6, 10],
]);
const documentOf = (id: number) => documents.get(id);
const bestChunks = (ranked: RankedDocument[]) => ranked.map((d) => d.chunks[0]?.id);

describe('document ranking', () => {
  it('puts a document with several good chunks above one with a single slightly better chunk', () => {
    const fused = [
      { id: 1, score: 1.0 },
      { id: 2, score: 0.8 },
      { id: 3, score: 0.7 },
    ];
    expect(rankDocuments(fused, documentOf, 0.5)).toEqual([
      { documentId: 20, score: 0.8 + 0.35, chunks: [fused[1], fused[2]] },
      { documentId: 10, score: 1.0, chunks: [fused[0]] },
    ]);
  });

  it('weighs each further chunk decay times less, so length alone does not win', () => {
    // Document 20 has three chunks of 0.4: 0.4 + 0.2 + 0.1 = 0.7 < 0.75, document 10's best alone.
    const fused = [
      { id: 1, score: 0.75 },
      { id: 2, score: 0.4 },
      { id: 3, score: 0.4 },
      { id: 5, score: 0.4 },
    ];
    expect(bestChunks(rankDocuments(fused, documentOf, 0.5))).toEqual([1, 2]);
    expect(rankDocuments(fused, documentOf, 0.5)[1]?.score).toBeCloseTo(0.7, 10);
  });

  it('with no decay ranks each document by its best chunk and keeps its other chunks, best first, as passages', () => {
    const fused = [
      { id: 4, score: 0.9 },
      { id: 1, score: 0.8 },
      { id: 2, score: 0.7 },
      { id: 6, score: 0.6 },
      { id: 3, score: 0.5 },
    ];
    expect(rankDocuments(fused, documentOf, 0)).toEqual([
      { documentId: 30, score: 0.9, chunks: [{ id: 4, score: 0.9 }] },
      { documentId: 10, score: 0.8, chunks: [{ id: 1, score: 0.8 }, { id: 6, score: 0.6 }] },
      { documentId: 20, score: 0.7, chunks: [{ id: 2, score: 0.7 }, { id: 3, score: 0.5 }] },
    ]);
  });

  it('skips chunks whose document is unknown and breaks ties by the lower chunk id', () => {
    const fused = [
      { id: 99, score: 2 },
      { id: 4, score: 0.5 },
      { id: 1, score: 0.5 },
    ];
    expect(bestChunks(rankDocuments(fused, documentOf, 0.5))).toEqual([1, 4]);
  });
});
