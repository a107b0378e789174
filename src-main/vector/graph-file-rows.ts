// A saved int8 USearch graph read as a table of vectors: which row (slot) holds each label, and the rows
// themselves, read from the file the graph is mapped from (the page cache's, so no copy stays in memory). The
// binding cannot return a key's vector; a filtered search of a scope too big for the catalog's reads but small
// against the graph compares the scope's rows with the query here instead of walking the graph far for them.
//
// The file, as USearch 2.x writes it (index_dense.hpp save_to_stream): uint32 rows, uint32 bytes per row, the
// rows; a 64-byte head ("usearch", version, kinds, counts, dimensions); the graph's header (uint64 size,
// connectivity, base connectivity, max level, entry slot); an int16 level per node; then the nodes, each its
// uint64 key, int16 level and neighbour lists (uint32 count + uint32 slots: base connectivity at level 0,
// connectivity at each level above).
import { closeSync, openSync, readSync } from 'node:fs';
import type { Neighbour } from './graph-params.ts';

const HEAD_BYTES = 64;
const GRAPH_HEADER_BYTES = 40;
const NODE_HEAD_BYTES = 10;
/** Nodes are read this many bytes at a time while their keys are listed. */
const READ_CHUNK = 8 << 20;
/** Rows this close together are read in one call: a few unused bytes cost less than another read. */
const ROW_GAP = 64;

export class GraphFileRows {
  readonly path: string;
  readonly dimension: number;
  /** The row of each label (-1 for none), indexed by label. */
  readonly #slotOf: Int32Array;
  readonly #rowsStart = 8;

  private constructor(path: string, dimension: number, slotOf: Int32Array) {
    this.path = path;
    this.dimension = dimension;
    this.#slotOf = slotOf;
  }

  /** Lists the labels' rows of the int8 graph at `path` (labels below `labelBound`); fails on another format. */
  static read(path: string, dimension: number, labelBound: number): GraphFileRows {
    const fd = openSync(path, 'r');
    try {
      const sizes = readAt(fd, 0, 8);
      const rows = sizes.readUInt32LE(0);
      const rowBytes = sizes.readUInt32LE(4);
      if (rowBytes !== dimension) throw new Error(`the graph file holds rows of ${rowBytes} bytes, not int8 vectors of ${dimension}`);
      const headAt = 8 + rows * rowBytes;
      const head = readAt(fd, headAt, HEAD_BYTES + GRAPH_HEADER_BYTES);
      if (head.toString('latin1', 0, 7) !== 'usearch') throw new Error('the graph file has no USearch head where expected');
      const graph = HEAD_BYTES;
      const nodes = Number(head.readBigUInt64LE(graph));
      const connectivity = Number(head.readBigUInt64LE(graph + 8));
      const connectivityBase = Number(head.readBigUInt64LE(graph + 16));
      if (nodes !== rows) throw new Error(`the graph file lists ${nodes} nodes for ${rows} rows`);
      const levelsAt = headAt + HEAD_BYTES + GRAPH_HEADER_BYTES;
      const levels = readAt(fd, levelsAt, nodes * 2);
      const baseBytes = NODE_HEAD_BYTES + 4 + connectivityBase * 4;
      const levelBytes = 4 + connectivity * 4;
      const slotOf = new Int32Array(labelBound).fill(-1);
      let at = levelsAt + nodes * 2;
      let chunk: Buffer = Buffer.alloc(0);
      let chunkAt = at;
      for (let slot = 0; slot < nodes; slot++) {
        if (at + NODE_HEAD_BYTES > chunkAt + chunk.length) {
          chunk = readAt(fd, at, READ_CHUNK);
          chunkAt = at;
        }
        const key = chunk.readBigUInt64LE(at - chunkAt);
        if (key < BigInt(labelBound)) slotOf[Number(key)] = slot; // a freed slot's key is above every label
        at += baseBytes + levels.readInt16LE(slot * 2) * levelBytes;
      }
      return new GraphFileRows(path, dimension, slotOf);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The `n` labels most cosine-similar to `query` by their int8 rows, most similar first, and the labels that have
   * no row here (the caller scores those from elsewhere). `skip` leaves out labels whose row is stale (removed).
   */
  nearest(query: Float32Array, labels: ArrayLike<number>, n: number, skip: (label: number) => boolean): { found: Neighbour[]; missing: number[] } {
    const missing: number[] = [];
    const bound = this.#slotOf.length;
    // Rows in slot order, so neighbouring rows are read together (a folder's chunks, inserted together, mostly are).
    const slots = new Float64Array(labels.length);
    let count = 0;
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i] as number;
      const slot = label < this.#slotOf.length ? (this.#slotOf[label] ?? -1) : -1;
      if (slot < 0 || skip(label)) missing.push(label);
      else slots[count++] = slot * bound + label; // slot and label in one sortable number (exact below 2^53)
    }
    const wanted = slots.subarray(0, count).sort();
    const similarities = new Float64Array(count);
    const queryNorm = Math.hypot(...query) || 1;
    const dimension = this.dimension;
    const fd = openSync(this.path, 'r');
    try {
      for (let from = 0; from < count; ) {
        const first = slotPart(wanted[from] as number, bound);
        let to = from + 1;
        while (to < count && slotPart(wanted[to] as number, bound) - slotPart(wanted[to - 1] as number, bound) <= ROW_GAP) to++;
        const span = readAt(fd, this.#rowsStart + first * dimension, (slotPart(wanted[to - 1] as number, bound) - first + 1) * dimension);
        const rows = new Int8Array(span.buffer, span.byteOffset, span.length);
        for (let i = from; i < to; i++) {
          const offset = (slotPart(wanted[i] as number, bound) - first) * dimension;
          let dot = 0;
          let norm = 0;
          for (let d = 0; d < dimension; d++) {
            const x = rows[offset + d] as number;
            dot += x * (query[d] as number);
            norm += x * x;
          }
          similarities[i] = norm ? dot / (Math.sqrt(norm) * queryNorm) : 0;
        }
        from = to;
      }
    } finally {
      closeSync(fd);
    }
    // The n-th best similarity as a bar, then only those at or above it sorted (not every row's).
    const bar = n >= count ? -Infinity : (Float64Array.from(similarities).sort()[count - n] as number);
    const found: Neighbour[] = [];
    for (let i = 0; i < count; i++) if ((similarities[i] as number) >= bar) found.push({ label: (wanted[i] as number) % bound, similarity: similarities[i] as number });
    return { found: found.sort((a, b) => b.similarity - a.similarity || a.label - b.label).slice(0, n), missing };
  }
}

function slotPart(packed: number, bound: number): number {
  return Math.floor(packed / bound);
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}
