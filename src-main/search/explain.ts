// Why a document ranks where it does: where each half of the search placed the best of its chunks, and the
// share of the fused score that placing earned, so a person can tell a keyword match from a match by meaning.
import type { SearchExplain } from '../../src-shared/contract/library.ts';
import type { ScoredChunk } from './document-ranking.ts';
import { rrfShare } from './fusion.ts';

/** One half's ranked chunks (best first) with its weight in the fusion; `similarity` for the vector half. */
export interface HalfRanking {
  ids: readonly number[];
  weight: number;
  similarity?: readonly number[];
}

/**
 * The halves of one search. A chunk's rank is found by a scan of its half (at most a few hundred ids), as only the
 * shown documents are explained: a map of every candidate's rank cost more to build than the scans.
 */
export class SearchExplainer {
  readonly halves: { keyword?: HalfRanking; vector?: HalfRanking };
  readonly rrfK: number;
  readonly #documents: HalfRanking | undefined;

  /** `documents`: the whole-document keyword ranking (document ids), when it took part. */
  constructor(halves: { keyword?: HalfRanking; vector?: HalfRanking }, rrfK: number, documents?: HalfRanking) {
    this.halves = halves;
    this.rrfK = rrfK;
    this.#documents = documents;
  }

  /** The explanation of a document from its candidate chunks and its fused score (with its file-name and proximity bonuses, if any). */
  explain(chunks: readonly ScoredChunk[], fusedScore: number, documentId?: number, proximity?: SearchExplain['proximity'], fileName?: SearchExplain['fileName']): SearchExplain {
    const explained = this.#withDocument(this.#halvesOf(chunks, fusedScore), documentId);
    return { ...explained, ...(fileName ? { fileName } : {}), ...(proximity ? { proximity } : {}) };
  }

  #withDocument(explained: SearchExplain, documentId: number | undefined): SearchExplain {
    const documentRank = documentId === undefined || !this.#documents ? -1 : this.#documents.ids.indexOf(documentId);
    if (documentRank < 0 || !this.#documents) return explained;
    const document = { rank: documentRank + 1, score: rrfShare(this.#documents.weight, documentRank, this.rrfK) };
    return { ...explained, foundBy: explained.vector ? 'both' : 'keyword', document };
  }

  #halvesOf(chunks: readonly ScoredChunk[], fusedScore: number): SearchExplain {
    const keywordRank = bestRank(chunks, this.halves.keyword);
    const vectorRank = bestRank(chunks, this.halves.vector);
    const keyword = keywordRank === null || !this.halves.keyword ? null : { rank: keywordRank + 1, score: rrfShare(this.halves.keyword.weight, keywordRank, this.rrfK) };
    const vectorHalf = this.halves.vector;
    const vector =
      vectorRank === null || !vectorHalf
        ? null
        : { rank: vectorRank + 1, similarity: vectorHalf.similarity?.[vectorRank] ?? 0, score: rrfShare(vectorHalf.weight, vectorRank, this.rrfK) };
    const foundBy = keyword && vector ? 'both' : vector ? 'vector' : 'keyword';
    return { foundBy, keyword, vector, fusedScore };
  }
}

/** The best (lowest) 0-based rank any of the chunks has in a half, or null when the half found none. */
function bestRank(chunks: readonly ScoredChunk[], half: HalfRanking | undefined): number | null {
  let best: number | null = null;
  if (!half) return best;
  for (const { id } of chunks) {
    const rank = half.ids.indexOf(id);
    if (rank >= 0 && (best === null || rank < best)) best = rank;
  }
  return best;
}
