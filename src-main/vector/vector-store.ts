// The vector store API of the original guide — VectorStore(dimension, maxElements), addEmbedding,
// search(query, k) → (text, similarity) pairs and an item count — over the same HnswIndex the library uses.
import { HnswIndex, type HnswParams } from './hnsw-index.ts';

export interface EmbeddingResult {
  vector: ArrayLike<number>;
  text: string;
}

export class VectorStore {
  readonly index: HnswIndex;
  readonly #texts = new Map<number, string>();
  #nextId = 0;

  constructor(dimension: number, maxElements = 10_000, params?: Partial<HnswParams>) {
    this.index = new HnswIndex(dimension, { capacity: maxElements, ...(params ? { params } : {}) });
  }

  /** Adds one embedding and returns its id; the store grows past maxElements as needed. */
  addEmbedding(embedding: EmbeddingResult): number {
    const id = this.#nextId++;
    this.index.add(id, embedding.vector);
    this.#texts.set(id, embedding.text);
    return id;
  }

  /** The k most similar texts with their cosine similarity, best first. */
  search(query: ArrayLike<number>, k: number): [text: string, similarity: number][] {
    return this.index.search(query, k).map((n) => [this.#texts.get(n.label) ?? '', n.similarity]);
  }

  remove(id: number): boolean {
    this.#texts.delete(id);
    return this.index.remove(id);
  }

  /** How many embeddings the store holds (the guide's `current_id`). */
  get count(): number {
    return this.index.size;
  }
}
