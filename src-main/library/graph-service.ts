// The worker thread's side of the graph: one VectorIndex and its requests, answered in the order posted with one
// exception that keeps searches quick during an ingest: a search (or scan) is answered ahead of inserts still queued or
// running (between slices of ~10 ms of them). It therefore sees every insert already answered and possibly part
// of those pending (as before the worker, when inserts ran in slices on the main thread; the keyword half sees
// every committed chunk at once). It never overtakes a removal, load, retain or save posted before it, so a
// removed label is never returned.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  baseMetaOf,
  basePathFor,
  createVectorIndex,
  GraphFileRows,
  loadGraph,
  loadSegments,
  removeReplacedSegments,
  saveBase,
  saveDeltaAsBase,
  saveIndex,
  saveSegments,
  SegmentedIndex,
  UsearchIndex,
  type IndexMeta,
  type Neighbour,
  type VectorIndex,
} from '../vector/index.ts';
import type { GraphAnswer, GraphMessage, GraphReply, GraphRequest, GraphState } from './graph-protocol.ts';

/** How long inserts run before waiting searches get their turn. */
const INSERT_SLICE_MS = 10;
/**
 * Vectors handed to the graph in one call. Inserts run on one thread (the same graph on every build, see
 * UsearchIndex.addMany), ~1–1.4 ms each at 100k vectors: 8 of them keep a waiting search within ~10 ms.
 */
const INSERT_BATCH = 8;

type Outcome = Omit<GraphAnswer, 'id' | 'state'>;

export class GraphService {
  readonly #reply: (reply: GraphReply) => void;
  readonly #queue: GraphMessage[] = [];
  #index: VectorIndex | null = null;
  #highWater = 0;
  #running = false;
  /** The description of the mapped base alone (a segmented graph) and the last one saved or read. */
  #base: IndexMeta | null = null;
  #saved: IndexMeta | null = null;
  /** The mapped base's rows, listed on the first scan of that base. */
  #rows: GraphFileRows | null = null;
  /** Threads an insert may use: every core, or one on a merging worker (searches go on beside it). */

  constructor(reply: (reply: GraphReply) => void) {
    this.#reply = reply;
  }

  post(message: GraphMessage): void {
    this.#queue.push(message);
    void this.#pump();
  }

  get state(): GraphState {
    const index = this.#index;
    return { size: index?.size ?? 0, highWater: this.#highWater, changed: index instanceof SegmentedIndex ? index.changed : 0 };
  }

  async #pump(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (let message = this.#takeNext(); message; message = this.#takeNext()) await this.#answer(message);
    } finally {
      this.#running = false;
    }
  }

  /** The next request: the first in line, or a search with only inserts ahead of it. */
  #takeNext(): GraphMessage | undefined {
    const search = this.#waitingSearch();
    if (search >= 0) return this.#queue.splice(search, 1)[0];
    return this.#queue.shift();
  }

  #waitingSearch(): number {
    for (const [i, message] of this.#queue.entries()) {
      if (message.op === 'search' || message.op === 'scan') return i;
      if (message.op !== 'add') return -1;
    }
    return -1;
  }

  async #answer(message: GraphMessage): Promise<void> {
    try {
      const outcome = await this.#run(message);
      this.#reply({ id: message.id, state: this.state, ...outcome });
    } catch (error) {
      this.#reply({ id: message.id, error: error instanceof Error ? error.message : String(error), state: this.state });
    }
  }

  async #run(message: GraphMessage): Promise<Outcome> {
    switch (message.op) {
      case 'create':
        this.#index = createVectorIndex(message.dimension, { capacity: message.capacity, params: message.params });
        this.#highWater = 0;
        this.#base = this.#saved = null;
        return {};
      case 'load':
        await this.#load(message);
        return {};
      case 'add':
        await this.#add(this.#graph(), message.labels, message.vectors);
        return {};
      case 'remove': {
        const index = this.#graph();
        let removed = 0;
        for (const label of message.labels) if (index.remove(label)) removed++;
        return { removed };
      }
      case 'retain':
        return { removed: retain(this.#graph(), message.keep) };
      case 'search':
        return { neighbours: this.#search(message.query, message.k, message.allowed) };
      case 'scan':
        return this.#scan(message.query, message.k, message.labels);
      case 'save':
        return { meta: await this.#save(message.path, message) };
      case 'writeBase': {
        const index = this.#graph();
        if (!(index instanceof UsearchIndex)) throw new Error('only a merged graph is written as a base');
        return { meta: await saveBase(index, message.path, { ...message, highWater: this.#highWater }) };
      }
      case 'swap': {
        const index = this.#graph();
        if (!(index instanceof SegmentedIndex)) throw new Error('the graph has no base to swap');
        const { base } = message;
        const mapped = UsearchIndex.open(basePathFor(message.path, base), index.dimension, index.params, index.quantization, base.labelBound ?? 0);
        if (mapped.size !== base.count) throw new Error('the merged base holds a different number of vectors');
        index.withBase(mapped);
        this.#base = base;
        return { meta: await this.#save(message.path, message) };
      }
    }
  }

  async #load(message: Extract<GraphRequest, { op: 'load' }>): Promise<void> {
    const { path, meta, ef } = message;
    if (meta.version === 2 && !message.merge) {
      this.#index = await loadSegments(path, meta, ef);
      this.#base = baseMetaOf(meta);
    } else {
      const loaded = await loadGraph(path, baseMetaOf(meta), ef);
      if (!loaded.index) throw new Error(loaded.reason);
      this.#index = loaded.index;
      this.#base = null;
    }
    this.#saved = meta;
    this.#highWater = (message.merge ? baseMetaOf(meta) : meta).highWater ?? maxLabel(this.#index.labels());
  }

  /**
   * A segmented graph saves its delta and tombstones (its delta as the new base when the base holds no live
   * vector); another (built here) is saved whole. A graph saved whole is then mapped as the base of a segmented
   * graph, so its later changes are saved as a delta too and its memory is the page cache's.
   */
  async #save(path: string, info: { embedderId: string; generation: number }): Promise<IndexMeta> {
    const index = this.#graph();
    const full = { ...info, highWater: this.#highWater };
    let meta: IndexMeta;
    if (index instanceof SegmentedIndex && this.#base) {
      if (index.base.size > index.tombstones.size || !index.changed) {
        this.#saved = await saveSegments(index, path, this.#base, full, this.#saved);
        return this.#saved;
      }
      meta = await saveDeltaAsBase(index, path, full, this.#saved);
    } else {
      meta = await saveIndex(index, path, full);
      if (this.#saved) await removeReplacedSegments(path, this.#saved, meta);
    }
    const graph = index instanceof SegmentedIndex ? index.delta : index;
    if (graph instanceof UsearchIndex) {
      this.#index = new SegmentedIndex(UsearchIndex.open(basePathFor(path, meta), graph.dimension, graph.params, graph.quantization, graph.labelBound));
      this.#base = meta;
    }
    this.#saved = meta;
    return meta;
  }

  #graph(): VectorIndex {
    if (!this.#index) throw new Error('the graph is not open');
    return this.#index;
  }

  async #add(index: VectorIndex, labels: Float64Array, vectors: Float32Array): Promise<void> {
    const dimension = index.dimension;
    if (vectors.length !== labels.length * dimension) throw new Error(`${labels.length} labels came with ${vectors.length / dimension} vectors`);
    let sliceStart = performance.now();
    for (let from = 0; from < labels.length; from += INSERT_BATCH) {
      const to = Math.min(from + INSERT_BATCH, labels.length);
      const fresh: number[] = []; // indices of labels the graph does not hold yet
      const seen = new Set<number>();
      for (let i = from; i < to; i++) {
        const label = labels[i] as number;
        if (!index.has(label) && !seen.has(label)) fresh.push(i);
        seen.add(label);
        if (label > this.#highWater) this.#highWater = label;
      }
      if (fresh.length === to - from) index.addMany(labels.subarray(from, to), vectors.subarray(from * dimension, to * dimension));
      else if (fresh.length) index.addMany(fresh.map((i) => labels[i] as number), rowsOf(vectors, fresh, dimension));
      if (performance.now() - sliceStart >= INSERT_SLICE_MS) {
        await yieldToEventLoop(); // lets searches posted meanwhile arrive
        for (let at = this.#waitingSearch(); at >= 0; at = this.#waitingSearch()) await this.#answer(this.#queue.splice(at, 1)[0] as GraphMessage);
        sliceStart = performance.now();
      }
    }
  }

  /** Every listed label without a current row in the mapped base is `missing` (all of them with no base mapped). */
  #scan(query: Float32Array, k: number, labels: Float64Array): Outcome {
    const index = this.#index;
    const path = index instanceof SegmentedIndex ? index.base.mappedPath : null;
    if (!index || !(index instanceof SegmentedIndex) || !path || index.quantization !== 'i8') return { neighbours: [], missing: Array.from(labels) };
    if (this.#rows?.path !== path) this.#rows = GraphFileRows.read(path, index.dimension, index.base.labelBound);
    const { tombstones, delta } = index;
    const { found, missing } = this.#rows.nearest(query, labels, k, (label) => tombstones.has(label) || delta.has(label));
    return { neighbours: found, missing };
  }

  #search(query: Float32Array, k: number, allowed?: Uint8Array): Neighbour[] {
    if (!this.#index) return [];
    return this.#index.search(query, k, allowed ? (label) => allowed[label] === 1 : undefined);
  }
}

/** The rows at `indices` of a row-major matrix, one after another. */
function rowsOf(vectors: Float32Array, indices: readonly number[], dimension: number): Float32Array {
  const rows = new Float32Array(indices.length * dimension);
  for (const [row, i] of indices.entries()) rows.set(vectors.subarray(i * dimension, (i + 1) * dimension), row * dimension);
  return rows;
}

function maxLabel(labels: Iterable<number>): number {
  let top = 0;
  for (const label of labels) if (label > top) top = label;
  return top;
}

/** Removes the graph's labels missing from `keep` (ascending); returns how many. */
function retain(index: VectorIndex, keep: Float64Array): number {
  const gone: number[] = [];
  for (const label of index.labels()) if (!containsSorted(keep, label)) gone.push(label);
  for (const label of gone) index.remove(label);
  return gone.length;
}

function containsSorted(sorted: Float64Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = sorted[mid] as number;
    if (at === value) return true;
    if (at < value) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}
