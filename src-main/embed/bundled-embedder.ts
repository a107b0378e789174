// The offline default embedder: SIF-weighted mean of word vectors (Arora et al., 2017). Every word counts,
// stop words included, but frequent words weigh little: weight = a / (a + p(word)). The vocabulary is in
// frequency order, so p(word) is estimated from its rank with Zipf's law. As in SIF, the common component
// is removed: without it every text's vector points almost the same way (mean pairwise cosine ≈ 0.95),
// which blurs ranking and degrades the HNSW graph. The direction is the expected SIF vector of text
// drawn from the unigram distribution, so it needs no corpus.
import { normalize, type Embedder } from './embedder.ts';
import { wordTokens } from './tokenize.ts';
import { loadWinkVectors } from './wink-vectors.ts';
import type { WordVectors } from './word-vectors.ts';

const SIF_A = 1e-3;
const EULER_GAMMA = 0.5772;
const COMMON_COMPONENT_WORDS = 100_000;

export class WordVectorEmbedder implements Embedder {
  readonly id: string;
  readonly dimension: number;
  readonly vectors: WordVectors;
  readonly #harmonic: number;
  readonly #common: Float32Array;

  constructor(vectors: WordVectors, id = 'wink-sg-100d-sif@2') {
    this.id = id;
    this.dimension = vectors.dimension;
    this.vectors = vectors;
    this.#harmonic = Math.log(vectors.count) + EULER_GAMMA;
    this.#common = new Float32Array(this.dimension);
    for (let rank = 0; rank < Math.min(vectors.count, COMMON_COMPONENT_WORDS); rank++) {
      vectors.accumulate(rank, this.#probability(rank) * this.weight(rank), this.#common);
    }
    normalize(this.#common);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }

  /** Synchronous core: pure CPU and fast, so batches need no worker. A text with no known word gives zeros. */
  embedOne(text: string): Float32Array {
    const out = new Float32Array(this.dimension);
    for (const word of wordTokens(text)) {
      const rank = this.vectors.rank(word);
      if (rank < 0) continue;
      this.vectors.accumulate(rank, this.weight(rank), out);
    }
    let projection = 0;
    for (let d = 0; d < this.dimension; d++) projection += (out[d] ?? 0) * (this.#common[d] ?? 0);
    for (let d = 0; d < this.dimension; d++) out[d] = (out[d] ?? 0) - projection * (this.#common[d] ?? 0);
    return normalize(out);
  }

  weight(rank: number): number {
    return SIF_A / (SIF_A + this.#probability(rank));
  }

  #probability(rank: number): number {
    return 1 / ((rank + 1) * this.#harmonic);
  }
}

/** The bundled embedder, converting the packaged vectors into `cacheDir` on first use. */
export async function createBundledEmbedder(cacheDir: string): Promise<WordVectorEmbedder> {
  return new WordVectorEmbedder(await loadWinkVectors(cacheDir));
}
