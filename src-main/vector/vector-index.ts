// What the library asks of its graph, whichever library holds it: UsearchIndex (compact vectors, the graph a library
// builds) or HnswIndex (hnswlib's float32 graph of format 1, still readable and used by VectorStore).
import type { HnswParams, Neighbour } from './graph-params.ts';
import { UsearchIndex, type Quantization } from './usearch-index.ts';

export interface VectorIndex {
  readonly dimension: number;
  readonly params: HnswParams;
  readonly size: number;
  readonly capacity: number;
  has(label: number): boolean;
  labels(): IterableIterator<number>;
  /** Adds or replaces the vector for `label`. */
  add(label: number, vector: ArrayLike<number>): void;
  /**
   * Adds or replaces many labels; `vectors` holds their rows one after another. USearch inserts them on `threads`
   * threads (0, the default: every core).
   */
  addMany(labels: ArrayLike<number>, vectors: Float32Array, threads?: number): void;
  remove(label: number): boolean;
  /** The `k` nearest live vectors, most similar first, among the labels `filter` allows; `ef` fixes the candidate list. */
  search(query: ArrayLike<number>, k: number, filter?: (label: number) => boolean, ef?: number): Neighbour[];
  /** Writes the graph to `path` (index-file.ts renames it into place). */
  writeTo(path: string): void;
  /** Labels in the graph but deleted, kept beside it so `size` survives a reload (none for USearch). */
  deletedLabels(): number[];
}

/** A new, empty graph of the format a library keeps (index-file.ts: GRAPH_FORMAT). */
export function createVectorIndex(dimension: number, options: { capacity?: number; params?: Partial<HnswParams>; quantization?: Quantization } = {}): VectorIndex {
  return new UsearchIndex(dimension, options);
}
