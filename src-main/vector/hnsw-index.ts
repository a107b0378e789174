// An approximate nearest-neighbour index over hnswlib-node in cosine space, keyed by integer labels.
// It grows past its capacity by itself, deletes by marking (slots are reused by later adds), and tracks
// which labels are live so callers can trust `size`.
import hnswlib from 'hnswlib-node';
import { DEFAULT_HNSW_PARAMS, searchEf, type HnswParams, type Neighbour } from './graph-params.ts';

export { DEFAULT_HNSW_PARAMS, EF_REFERENCE_SIZE, searchEf, type HnswParams, type Neighbour } from './graph-params.ts';

const INITIAL_CAPACITY = 1024;

export class HnswIndex {
  readonly dimension: number;
  readonly params: HnswParams;
  readonly #index: hnswlib.HierarchicalNSW;
  /** Live labels; for a loaded graph made on first need (listing 100k labels costs ~30 ms at start). */
  #liveSet: Set<number> | undefined;
  /** The labels deleted in a loaded graph, until the live set is made. */
  #loadedDeleted: ReadonlySet<number> = new Set();

  constructor(dimension: number, options: { capacity?: number; params?: Partial<HnswParams> } = {}, loaded?: { index: hnswlib.HierarchicalNSW; deleted: ReadonlySet<number> }) {
    this.dimension = dimension;
    this.params = { ...DEFAULT_HNSW_PARAMS, ...options.params };
    if (loaded) {
      this.#index = loaded.index;
      this.#loadedDeleted = loaded.deleted;
    } else {
      this.#index = new hnswlib.HierarchicalNSW('cosine', dimension);
      this.#index.initIndex({
        maxElements: Math.max(options.capacity ?? INITIAL_CAPACITY, 1),
        m: this.params.m,
        efConstruction: this.params.efConstruction,
        allowReplaceDeleted: true,
      });
      this.#liveSet = new Set();
    }
    this.#index.setEf(this.params.ef);
  }

  get #live(): Set<number> {
    if (!this.#liveSet) {
      const deleted = this.#loadedDeleted;
      this.#liveSet = new Set(deleted.size ? this.#index.getIdsList().filter((label) => !deleted.has(label)) : this.#index.getIdsList());
      this.#loadedDeleted = new Set();
    }
    return this.#liveSet;
  }

  get size(): number {
    // Every stored label is live or deleted (deleted ones are listed beside the graph), so a freshly
    // loaded graph knows its size without listing its labels.
    return this.#liveSet ? this.#liveSet.size : this.#index.getCurrentCount() - this.#loadedDeleted.size;
  }

  get capacity(): number {
    return this.#index.getMaxElements();
  }

  has(label: number): boolean {
    return this.#live.has(label);
  }

  labels(): IterableIterator<number> {
    return this.#live.values();
  }

  /** Adds or replaces the vector for `label`. */
  add(label: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dimension) throw new Error(`Vector has ${vector.length} dimensions, the index ${this.dimension}.`);
    if (this.#live.has(label)) this.remove(label);
    // Deleted slots are reused, so the graph only needs to grow when every slot holds a live vector.
    if (this.#index.getCurrentCount() >= this.capacity && this.#live.size >= this.capacity) {
      this.#index.resizeIndex(Math.max(INITIAL_CAPACITY, this.capacity * 2));
    }
    this.#index.addPoint(Array.from(vector), label, true);
    this.#live.add(label);
  }

  /** Adds or replaces many labels; `vectors` holds their rows one after another (hnswlib inserts them one by one). */
  addMany(labels: ArrayLike<number>, vectors: Float32Array): void {
    for (let i = 0; i < labels.length; i++) this.add(labels[i] as number, vectors.subarray(i * this.dimension, (i + 1) * this.dimension));
  }

  remove(label: number): boolean {
    if (!this.#live.delete(label)) return false;
    this.#index.markDelete(label);
    return true;
  }

  /**
   * The `k` nearest live vectors, most similar first; `filter` restricts which labels may be returned. `ef` fixes
   * the candidate list (by default it follows the graph's size: searchEf).
   */
  search(query: ArrayLike<number>, k: number, filter?: (label: number) => boolean, ef = searchEf(this.params.ef, this.size)): Neighbour[] {
    const n = Math.min(k, this.size);
    if (n <= 0) return [];
    ef = Math.max(ef, n);
    this.#index.setEf(ef);
    const result = this.#index.searchKnn(Array.from(query), n, filter);
    return result.neighbors.map((label, i) => ({ label, similarity: 1 - (result.distances[i] ?? 1) }));
  }

  /** Writes the graph to `path` (callers rename it into place; see index-file.ts). */
  writeTo(path: string): void {
    this.#index.writeIndexSync(path);
  }

  /** Labels that are in the graph but deleted; persisted beside the graph so `size` survives a reload. */
  deletedLabels(): number[] {
    return this.#index.getIdsList().filter((label) => !this.#live.has(label));
  }

  /** Reads a saved graph on a libuv thread (hnswlib's loader takes ~0.1 s for 100k vectors of 100-d). */
  static async read(path: string, dimension: number, params: HnswParams, deleted: Iterable<number>): Promise<HnswIndex> {
    const index = new hnswlib.HierarchicalNSW('cosine', dimension);
    await index.readIndex(path, true);
    return new HnswIndex(dimension, { params }, { index, deleted: new Set(deleted) });
  }
}
