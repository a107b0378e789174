// A graph kept the way search engines keep segments: a large read-only base (a saved graph, memory-mapped) and a
// small in-memory delta that takes every new vector, with the base's removed labels kept as tombstones that a
// search filters out. A change therefore never reads the base into memory, and saving one writes the delta only;
// merging the two into a new base is done elsewhere (a second worker) and swapped in with withBase.
import { searchEf, type HnswParams, type Neighbour } from './graph-params.ts';
import { UsearchIndex, type Quantization } from './usearch-index.ts';
import type { VectorIndex } from './vector-index.ts';

export class SegmentedIndex implements VectorIndex {
  #base: UsearchIndex;
  readonly #delta: UsearchIndex;
  /** The delta's live labels (the binding cannot list them, and probing up to its high label costs a pass). */
  readonly #deltaLabels: Set<number>;
  /** Base labels removed since the base was saved. */
  readonly #tombstones: Set<number>;
  /** Labels removed from the delta since the base was last swapped: a merged base may still hold them. */
  readonly #removedFromDelta = new Set<number>();

  constructor(base: UsearchIndex, delta?: UsearchIndex, tombstones: Iterable<number> = []) {
    this.#base = base;
    this.#delta = delta ?? new UsearchIndex(base.dimension, { params: base.params, quantization: base.quantization });
    this.#deltaLabels = new Set(delta ? delta.labels() : []);
    this.#tombstones = new Set([...tombstones].filter((label) => base.has(label)));
  }

  get dimension(): number {
    return this.#base.dimension;
  }

  get params(): HnswParams {
    return this.#base.params;
  }

  get quantization(): Quantization {
    return this.#base.quantization;
  }

  get size(): number {
    return this.#base.size - this.#tombstones.size + this.#deltaLabels.size;
  }

  get capacity(): number {
    return this.#base.capacity + this.#delta.capacity;
  }

  get base(): UsearchIndex {
    return this.#base;
  }

  get delta(): UsearchIndex {
    return this.#delta;
  }

  get tombstones(): ReadonlySet<number> {
    return this.#tombstones;
  }

  /** Vectors in the delta plus tombstones: what a merge would fold into the base. */
  get changed(): number {
    return this.#deltaLabels.size + this.#tombstones.size;
  }

  get labelBound(): number {
    return Math.max(this.#base.labelBound, this.#delta.labelBound);
  }

  has(label: number): boolean {
    return this.#deltaLabels.has(label) || (!this.#tombstones.has(label) && this.#base.has(label));
  }

  *labels(): IterableIterator<number> {
    for (const label of this.#base.labels()) if (!this.#tombstones.has(label)) yield label;
    yield* this.#deltaLabels;
  }

  /** Adds or replaces the vector for `label`: in the delta, a base copy tombstoned. */
  add(label: number, vector: ArrayLike<number>): void {
    this.#delta.add(label, vector);
    this.#added(label);
  }

  addMany(labels: ArrayLike<number>, vectors: Float32Array): void {
    this.#delta.addMany(labels, vectors);
    for (let i = 0; i < labels.length; i++) this.#added(labels[i] as number);
  }

  remove(label: number): boolean {
    if (this.#deltaLabels.delete(label)) {
      this.#delta.remove(label);
      this.#removedFromDelta.add(label);
      return true;
    }
    if (this.#tombstones.has(label) || !this.#base.has(label)) return false;
    this.#tombstones.add(label);
    return true;
  }

  /**
   * Both segments' `k` nearest, merged by similarity. The base is asked with the tombstones as a filter, so it
   * fetches more candidates until k live ones pass (as a filtered search does).
   */
  search(query: ArrayLike<number>, k: number, filter?: (label: number) => boolean, ef?: number): Neighbour[] {
    const vector = query instanceof Float32Array ? query : Float32Array.from(query);
    const tombstones = this.#tombstones;
    const live = tombstones.size ? (label: number) => !tombstones.has(label) && (!filter || filter(label)) : filter;
    // The base's ef follows the whole graph's size, as one graph's would.
    const baseEf = ef ?? searchEf(this.params.ef, this.size);
    const hits = this.#base.search(vector, k, live, baseEf);
    if (this.#deltaLabels.size) hits.push(...this.#delta.search(vector, k, filter, ef));
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }

  /** A segmented graph is saved segment by segment (segment-file.ts), never whole. */
  writeTo(): void {
    throw new Error('a segmented graph is saved as its base and delta (saveSegments)');
  }

  deletedLabels(): number[] {
    return [];
  }

  /**
   * Takes `base` (a merge of an older base with part of this delta) in place of the current base: the delta keeps
   * only what the new base lacks, and the new base's labels removed here (before or since the merge) become its
   * tombstones.
   */
  withBase(base: UsearchIndex): void {
    const removed = new Set([...this.#tombstones, ...this.#removedFromDelta]);
    this.#base = base;
    this.#tombstones.clear();
    this.#removedFromDelta.clear();
    for (const label of [...this.#deltaLabels]) {
      if (!base.has(label)) continue;
      this.#deltaLabels.delete(label);
      this.#delta.remove(label);
    }
    for (const label of removed) if (base.has(label) && !this.#deltaLabels.has(label)) this.#tombstones.add(label);
  }

  #added(label: number): void {
    this.#deltaLabels.add(label);
    this.#removedFromDelta.delete(label);
    if (this.#base.has(label)) this.#tombstones.add(label);
  }
}
