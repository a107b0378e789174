// The messages between the library and the worker thread that owns its vector graph. Vectors and label
// lists travel as typed arrays whose buffers are transferred, not copied; every request gets one reply.
import type { HnswParams, IndexMeta, Neighbour } from '../vector/index.ts';

export type GraphRequest =
  | { op: 'create'; dimension: number; params: Partial<HnswParams>; capacity: number }
  /**
   * Reads a saved graph (checksums included): its base memory-mapped and its delta in memory, so no change ever
   * reads the base whole. With `merge`, reads the base `meta` describes alone, to be changed in place (it is read
   * whole on its first change) and written as a new base: the merging worker's graph, which inserts on one thread.
   * `ef` overrides the saved search parameter.
   */
  | { op: 'load'; path: string; meta: IndexMeta; ef?: number; merge?: boolean }
  /** Inserts vectors whose label is not in the graph yet (a label already there is left as it is). */
  | { op: 'add'; labels: Float64Array; vectors: Float32Array }
  | { op: 'remove'; labels: Float64Array }
  /** Removes every label not listed (`keep`, ascending, covers the labels up to the graph's high-water mark). */
  | { op: 'retain'; keep: Float64Array }
  /** `allowed[label] === 1` admits a label when a filter restricts the search. */
  | { op: 'search'; query: Float32Array; k: number; allowed?: Uint8Array }
  /**
   * Compares the query with every listed label's int8 vector in the mapped base (graph-file-rows.ts): the `k` most
   * similar, and in `missing` the labels it has no current vector of there (in the delta, removed or not inserted).
   */
  | { op: 'scan'; query: Float32Array; k: number; labels: Float64Array }
  /** Saves what changed since the last save: the delta and tombstones of a segmented graph, else the graph whole. */
  | { op: 'save'; path: string; embedderId: string; generation: number }
  /** The merging worker: writes its graph as a new base file beside `path` (not yet described: see swap). */
  | { op: 'writeBase'; path: string; embedderId: string; generation: number }
  /** Maps the merged base `base` in place of the current one, keeps in the delta what it lacks, and saves. */
  | { op: 'swap'; path: string; base: IndexMeta; embedderId: string; generation: number };

export interface GraphState {
  /** Live vectors in the graph. */
  size: number;
  /** The highest label ever added (0 for none): chunk ids only grow, so anything above it is new. */
  highWater: number;
  /** Vectors in the delta plus tombstones of the base: what a merge folds into a new base (0 when unsegmented). */
  changed: number;
}

export interface GraphAnswer {
  id: number;
  state: GraphState;
  neighbours?: Neighbour[];
  missing?: number[];
  meta?: IndexMeta;
  removed?: number;
}

export type GraphReply = GraphAnswer | { id: number; error: string; state: GraphState };

export type GraphMessage = GraphRequest & { id: number };
