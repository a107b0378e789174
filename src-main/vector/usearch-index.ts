// An approximate nearest-neighbour index over USearch in cosine space with compact vectors (float16 or int8 inside
// the graph), keyed by integer labels, with the API of HnswIndex. A saved graph is opened memory-mapped (searchable
// at once, its pages read as searches touch them) and read whole into memory on its first change, since a mapped
// graph is read-only.
import { Index, MetricKind, ScalarKind } from 'usearch';
import { DEFAULT_HNSW_PARAMS, searchEf, type HnswParams, type Neighbour } from './graph-params.ts';

export type Quantization = 'f16' | 'i8';
export const DEFAULT_QUANTIZATION: Quantization = 'i8';

const SCALARS: Record<Quantization, ScalarKind> = { f16: ScalarKind.F16, i8: ScalarKind.I8 };
/** A filtered search asks for this many times more candidates each round until enough pass the filter. */
const FILTER_GROWTH = 4;
/** Labels are checked this many at a time when listed (USearch's binding cannot list its keys). */
const LABEL_PROBE = 65_536;

export class UsearchIndex {
  readonly dimension: number;
  readonly params: HnswParams;
  readonly quantization: Quantization;
  #index: Index;
  /** The file a memory-mapped graph came from, until the graph is read whole on its first change. */
  #mappedFrom: string | null;
  /** One above the highest label ever added: labels() probes below it. */
  #labelBound: number;

  constructor(dimension: number, options: { capacity?: number; params?: Partial<HnswParams>; quantization?: Quantization } = {}, mapped?: { path: string; labelBound: number }) {
    this.dimension = dimension;
    this.params = { ...DEFAULT_HNSW_PARAMS, ...options.params };
    this.quantization = options.quantization ?? DEFAULT_QUANTIZATION;
    this.#index = this.#newIndex();
    this.#mappedFrom = mapped?.path ?? null;
    this.#labelBound = mapped?.labelBound ?? 0;
    if (mapped) this.#index.view(mapped.path);
  }

  #newIndex(): Index {
    return new Index({
      dimensions: this.dimension,
      metric: MetricKind.Cos,
      quantization: SCALARS[this.quantization],
      connectivity: this.params.m,
      expansion_add: this.params.efConstruction,
      // The ef of a search is had by asking for ef results (USearch explores max(expansion, k) candidates).
      expansion_search: 1,
      multi: false,
    });
  }

  get size(): number {
    return this.#index.size();
  }

  get capacity(): number {
    return this.#index.capacity();
  }

  /** The file the graph is mapped from (null once it is read whole, or for a graph built here). */
  get mappedPath(): string | null {
    return this.#mappedFrom;
  }

  /** One above the highest label added so far (saved beside the graph so labels() can list a loaded one). */
  get labelBound(): number {
    return this.#labelBound;
  }

  has(label: number): boolean {
    return Number.isSafeInteger(label) && label >= 0 && (this.#index.contains(BigInt(label)) as boolean);
  }

  *labels(): IterableIterator<number> {
    for (let from = 0; from < this.#labelBound; from += LABEL_PROBE) {
      const count = Math.min(LABEL_PROBE, this.#labelBound - from);
      const present = this.#index.contains(BigUint64Array.from({ length: count }, (_, i) => BigInt(from + i))) as boolean[];
      for (let i = 0; i < count; i++) if (present[i]) yield from + i;
    }
  }

  /** Adds or replaces the vector for `label`. */
  add(label: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dimension) throw new Error(`Vector has ${vector.length} dimensions, the index ${this.dimension}.`);
    if (!Number.isSafeInteger(label) || label < 0) throw new Error(`Label ${label} is not a non-negative integer.`);
    this.#writable();
    const key = BigInt(label);
    if (this.#index.contains(key)) this.#index.remove(key);
    this.#index.add(key, Float32Array.from(vector), 1);
    this.#labelBound = Math.max(this.#labelBound, label + 1);
  }

  /**
   * Adds many labels at once, replacing any already present; `vectors` holds the rows one after another. Inserts
   * run on one thread, in order, in calls cut where the native index grows (see #room), so the same inserts give
   * the same graph however they are grouped: USearch on several threads links each vector to whichever vectors
   * the other threads have inserted by then, so its graph (and the 50 candidates of a search) varied from build to
   * build.
   */
  addMany(labels: ArrayLike<number>, vectors: Float32Array): void {
    if (vectors.length !== labels.length * this.dimension) throw new Error(`${labels.length} labels need ${labels.length * this.dimension} numbers, got ${vectors.length}.`);
    if (labels.length === 0) return;
    this.#writable();
    const keys = BigUint64Array.from(Array.from(labels, (label) => BigInt(label)));
    const present = this.#index.contains(keys) as boolean[] | boolean;
    (Array.isArray(present) ? present : [present]).forEach((here, i) => {
      if (here) this.#index.remove(keys[i] as bigint);
    });
    for (let from = 0; from < keys.length; ) {
      const to = from + Math.min(keys.length - from, this.#room());
      this.#index.add(keys.subarray(from, to), vectors.subarray(from * this.dimension, to * this.dimension), 1);
      from = to;
    }
    for (let i = 0; i < labels.length; i++) this.#labelBound = Math.max(this.#labelBound, (labels[i] as number) + 1);
  }

  /**
   * How many vectors the next insert call may take so that the native index grows only when it is full. A call
   * that does not fit grows it first, and growing restarts USearch's level generator (the random layer of each
   * new node): cut at these points, every grouping of the same inserts restarts it at the same sizes.
   */
  #room(): number {
    const size = this.#index.size();
    const capacity = this.#index.capacity();
    if (size < capacity - 1) return capacity - 1 - size;
    if (size === capacity - 1) return 1; // fills it without growing (a reserve of the same capacity)
    return Math.max(1, capacity); // full: grows to twice the size, as one vector at a time would
  }

  remove(label: number): boolean {
    if (!this.has(label)) return false;
    this.#writable();
    return (this.#index.remove(BigInt(label)) as number) > 0;
  }

  /**
   * The `k` nearest live vectors, most similar first; `filter` restricts which labels may be returned (the graph is
   * asked for FILTER_GROWTH times more candidates until k of them pass, or it has none left). `ef` fixes the
   * candidate list (by default it follows the graph's size: searchEf).
   */
  search(query: ArrayLike<number>, k: number, filter?: (label: number) => boolean, ef = searchEf(this.params.ef, this.size)): Neighbour[] {
    const size = this.size;
    const n = Math.min(k, size);
    if (n <= 0) return [];
    const vector = query instanceof Float32Array ? query : Float32Array.from(query);
    let wanted = Math.min(Math.max(ef, n), size);
    for (;;) {
      const found = this.#index.search(vector, wanted, 1);
      const hits: Neighbour[] = [];
      for (let i = 0; i < found.keys.length && hits.length < n; i++) {
        const label = Number(found.keys[i]);
        if (!filter || filter(label)) hits.push({ label, similarity: 1 - (found.distances[i] ?? 1) });
      }
      if (hits.length >= n || wanted >= size) return hits;
      wanted = Math.min(size, wanted * FILTER_GROWTH);
    }
  }

  /** Writes the graph to `path` (callers rename it into place; see index-file.ts). */
  writeTo(path: string): void {
    this.#index.save(path);
  }

  /** USearch frees a removed label's slot, so no deleted labels are kept beside the graph. */
  deletedLabels(): number[] {
    return [];
  }

  /**
   * A mapped graph is read-only: it is read whole into memory before its first change, by the same native index, which
   * drops the mapping at once (a file still mapped could not be replaced by the next save on Windows).
   */
  #writable(): void {
    if (!this.#mappedFrom) return;
    this.#index.load(this.#mappedFrom);
    this.#mappedFrom = null;
  }

  /** Opens a saved graph memory-mapped: a few milliseconds whatever its size. */
  static open(path: string, dimension: number, params: HnswParams, quantization: Quantization, labelBound: number): UsearchIndex {
    return new UsearchIndex(dimension, { params, quantization }, { path, labelBound });
  }

  /** Reads a saved graph whole into memory (a small one, such as a delta, that changes at once). */
  static read(path: string, dimension: number, params: HnswParams, quantization: Quantization, labelBound: number): UsearchIndex {
    const index = new UsearchIndex(dimension, { params, quantization });
    index.#index.load(path);
    index.#labelBound = labelBound;
    return index;
  }
}
