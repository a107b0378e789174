// Ranking documents rather than passages: a document whose several chunks match the query is more likely
// the one sought than a document with one lucky chunk. Each document scores the sum of its chunks' fused
// scores, the best counted whole and each next one `decay` times less (so a long document cannot win by
// length alone), and is represented by its best chunk.

export interface ScoredChunk {
  id: number;
  score: number;
}

/** Documents best first, each as its best chunk with the document's score; `fused` must be sorted best first. */
export function rankDocuments(fused: readonly ScoredChunk[], documentOf: (chunkId: number) => number | undefined, decay: number): ScoredChunk[] {
  const documents = new Map<number, { best: number; score: number; weight: number }>();
  for (const { id, score } of fused) {
    const documentId = documentOf(id);
    if (documentId === undefined) continue;
    const seen = documents.get(documentId);
    if (!seen) documents.set(documentId, { best: id, score, weight: decay });
    else {
      seen.score += score * seen.weight;
      seen.weight *= decay;
    }
  }
  return [...documents.values()].map((d) => ({ id: d.best, score: d.score })).sort((a, b) => b.score - a.score || a.id - b.id);
}
