// Cost-optimal quilt packing: how many patches go into each quilt, in order, so the storage units bought
// are the fewest. A quilt pays a fixed metadata overhead (~61 units at 1000 shards) plus its symbol size
// times the committee; one column size serves every patch and the index, so a quilt with no spare column
// (666 patches at 1000 shards) lets the index set the column size and pays ~2× the units of ~640 patches.
// The best split is found exactly, by dynamic programming over split points, each group sized with the
// QuiltV1 rules of the official encoder (cost.ts, checked against `encodeQuilt`).
import {
  encodedLength,
  MAX_SYMBOL_SIZE,
  patchBytesInQuilt,
  QUILT_INDEX_PREFIX_BYTES,
  QUILT_MAX_INDEX_COLUMNS,
  quiltIndexBytesOf,
  quiltIndexEntryBytes,
  quiltPatchSizeOf,
  quiltUnencodedSize,
  sourceSymbols,
  storageUnits,
  type QuiltPatchSize,
} from './cost.ts';
import { QUILT_FORM_OVERHEAD, requestBytesWithin, type SizedPatch } from './quilt-packing.ts';

export interface QuiltPlanLimits {
  shards: number;
  /** Patches per quilt: the encoding's limit, or fewer. */
  maxPatches: number;
  /** Whole multipart request (the publisher's body limit, 10 MiB on public publishers). */
  maxRequestBytes: number;
  /**
   * Largest quilt blob (the encoded QuiltV1 bytes, padding included) of more than one patch. Under a
   * publisher's blob limit, a quilt can later be stored again byte for byte as a blob.
   */
  maxQuiltBytes?: number;
}

/** One quilt's layout: its symbol size sets both its blob length and its storage units. */
interface GroupSize {
  symbol: number;
  quiltBytes: number;
  units: number;
}

/**
 * Sizes the quilts [start, start + 1), [start, start + 2), … one patch at a time. The official encoder
 * picks the smallest symbol size at which every patch and the index fill whole columns of their own,
 * bounded below by the average fill and the index's 10-column cap, then rounds up to RS2's alignment
 * of 2. Both bounds only grow as patches join, so the column count is kept per candidate size and
 * recounted only when the size must grow.
 */
class GrowingQuilt {
  readonly #rows: number;
  readonly #columns: number;
  readonly #patchBytes: readonly number[];
  readonly #entryBytes: readonly number[];
  readonly #start: number;
  #end: number;
  #entries = 0;
  #total = 0;
  #index = 0;
  /** Smallest symbol size at which the current patches fit, and the columns they take at it. */
  #fit = 1;
  #columnsUsed = 0;

  constructor(rows: number, columns: number, patchBytes: readonly number[], entryBytes: readonly number[], start: number) {
    this.#rows = rows;
    this.#columns = columns;
    this.#patchBytes = patchBytes;
    this.#entryBytes = entryBytes;
    this.#start = start;
    this.#end = start;
    this.#index = quiltIndexBytesOf(0, 0);
    this.#columnsUsed = this.#columnsAt(this.#fit);
  }

  /** Adds the next patch; the symbol size of the grown quilt, or undefined when it cannot be encoded. */
  grow(): number | undefined {
    const patch = this.#patchBytes[this.#end] ?? 0;
    const column = this.#fit * this.#rows;
    const index = quiltIndexBytesOf(this.#end - this.#start + 1, (this.#entries += this.#entryBytes[this.#end] ?? 0));
    this.#columnsUsed += Math.ceil(patch / column) - Math.ceil(this.#index / column) + Math.ceil(index / column);
    this.#index = index;
    this.#total += patch;
    this.#end += 1;
    if (this.#end - this.#start + 1 > this.#columns) return undefined;
    if (this.#columnsUsed > this.#columns) this.#refit();
    const lower = Math.max((this.#total + index) / (this.#columns * this.#rows), index / (this.#rows * QUILT_MAX_INDEX_COLUMNS), Math.ceil(QUILT_INDEX_PREFIX_BYTES / this.#rows));
    const symbol = Math.ceil(Math.max(lower, this.#fit) / 2) * 2;
    return symbol > MAX_SYMBOL_SIZE ? undefined : symbol;
  }

  #refit(): void {
    let low = this.#fit + 1;
    let high = low;
    while (this.#columnsAt(high) > this.#columns) {
      low = high + 1;
      high *= 2;
    }
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (this.#columnsAt(mid) <= this.#columns) high = mid;
      else low = mid + 1;
    }
    this.#fit = high;
    this.#columnsUsed = this.#columnsAt(high);
  }

  #columnsAt(symbol: number): number {
    const column = symbol * this.#rows;
    let used = Math.ceil(this.#index / column);
    for (let i = this.#start; i < this.#end; i++) used += Math.ceil((this.#patchBytes[i] ?? 0) / column);
    return used;
  }
}

function groupSize(symbol: number, shards: number): GroupSize {
  const { primary, secondary } = sourceSymbols(shards);
  const quiltBytes = symbol * primary * secondary;
  return { symbol, quiltBytes, units: storageUnits(encodedLength(quiltBytes, shards)) };
}

function patchSizes(patches: readonly SizedPatch[]): QuiltPatchSize[] {
  return patches.map((p) => quiltPatchSizeOf(p.identifier, p.tags ?? {}, p.size));
}

export interface PlannedQuilt<T> {
  patches: T[];
  /** Storage units this quilt buys. */
  units: number;
  /** Length of its QuiltV1 blob, padding included. */
  quiltBytes: number;
}

export interface QuiltPlan<T> {
  groups: T[][];
  quilts: PlannedQuilt<T>[];
  /** Storage units the quilts buy (each unit is paid per epoch of storage). */
  units: number;
}

/**
 * Splits the patches, in order, into the quilts that buy the fewest storage units within the limits
 * (ties: fewer quilts, then the fullest first). Exact: every split point is considered, O(patches × patches per quilt).
 */
export function planQuilts<T extends SizedPatch>(patches: readonly T[], limits: QuiltPlanLimits): QuiltPlan<T> {
  const n = patches.length;
  if (n === 0) return { groups: [], quilts: [], units: 0 };
  const { primary, secondary } = sourceSymbols(limits.shards);
  const sizes = patchSizes(patches);
  const patchBytes = sizes.map(patchBytesInQuilt);
  const entryBytes = sizes.map(quiltIndexEntryBytes);
  const requestBytes = patches.map((p) => requestBytesWithin(p, limits.maxRequestBytes));
  const maxPatches = Math.min(limits.maxPatches, secondary - 1);
  const sizeBySymbol = new Map<number, GroupSize>();
  const sized = (symbol: number) => sizeBySymbol.get(symbol) ?? sizeBySymbol.set(symbol, groupSize(symbol, limits.shards)).get(symbol) as GroupSize;
  // best[j]: fewest units (then quilts) for the first j patches; from[j]: where the last quilt starts.
  const best = new Float64Array(n + 1).fill(Infinity);
  const count = new Float64Array(n + 1).fill(Infinity);
  const from = new Int32Array(n + 1).fill(-1);
  const last: (GroupSize | undefined)[] = new Array<GroupSize | undefined>(n + 1);
  best[0] = 0;
  count[0] = 0;
  for (let start = 0; start < n; start++) {
    const base = best[start] as number;
    if (base === Infinity) continue;
    const quilt = new GrowingQuilt(primary, secondary, patchBytes, entryBytes, start);
    let request = QUILT_FORM_OVERHEAD;
    for (let end = start + 1; end <= n && end - start <= maxPatches; end++) {
      request += requestBytes[end - 1] as number;
      if (request > limits.maxRequestBytes && end - start > 1) break;
      const symbol = quilt.grow();
      if (symbol === undefined) break;
      const size = sized(symbol);
      if (limits.maxQuiltBytes !== undefined && size.quiltBytes > limits.maxQuiltBytes && end - start > 1) break;
      const units = base + size.units;
      const quiltCount = (count[start] as number) + 1;
      // On a tie the later start wins: full quilts first, the remainder last (as a greedy split reads).
      if (units < (best[end] as number) || (units === best[end] && quiltCount <= (count[end] as number))) {
        best[end] = units;
        count[end] = quiltCount;
        from[end] = start;
        last[end] = size;
      }
    }
  }
  if (best[n] === Infinity) throw new RangeError(`no quilt layout at ${limits.shards} shards holds these ${n} patches`);
  const quilts: PlannedQuilt<T>[] = [];
  for (let end = n; end > 0; end = from[end] as number) {
    const size = last[end] as GroupSize;
    quilts.unshift({ patches: patches.slice(from[end] as number, end), units: size.units, quiltBytes: size.quiltBytes });
  }
  return { groups: quilts.map((q) => q.patches), quilts, units: best[n] as number };
}

/** Storage units of one quilt of these patches, straight from the size model (the reference for tests). */
export function quiltUnits(patches: readonly SizedPatch[], shards: number): number {
  return storageUnits(encodedLength(quiltUnencodedSize(patchSizes(patches), shards), shards));
}

/** Unencoded bytes of one quilt of these patches: the blob a re-store would have to send. */
export function quiltBytes(patches: readonly SizedPatch[], shards: number): number {
  return quiltUnencodedSize(patchSizes(patches), shards);
}

/** Storage units of a packing: the sum over its quilts. */
export function packingUnits(groups: readonly (readonly SizedPatch[])[], shards: number): number {
  return groups.reduce((sum, group) => sum + quiltUnits(group, shards), 0);
}
