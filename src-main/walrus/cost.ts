// The official Walrus storage cost formula (RS2 encoding), shared by the client's estimator and the
// local server's replies. Every blob pays for its encoded size, which includes a per-blob metadata
// overhead that grows with the square of the shard count: that overhead is why quilts are cheap.

export const BYTES_PER_UNIT = 1024 * 1024;
export const MAINNET_SHARDS = 1000;
const DIGEST_BYTES = 32;
export const MAX_SYMBOL_SIZE = 0xffff - 1; // u16, rounded down to the RS2 alignment of 2
// QuiltV1 layout constants, as in the Walrus encoder.
export const QUILT_INDEX_PREFIX_BYTES = 5; // version u8 + index length u32
const QUILT_PATCH_HEADER_BYTES = 6; // version u8 + length u32 + mask u8
const QUILT_IDENTIFIER_LENGTH_BYTES = 2;
const QUILT_TAGS_LENGTH_BYTES = 2;
export const QUILT_MAX_INDEX_COLUMNS = 10;

export interface WalrusPrices {
  /** FROST per storage unit (1 MiB encoded) per epoch. */
  storagePricePerUnitPerEpoch: number;
  /** FROST per storage unit, paid once per registration. */
  writePricePerUnit: number;
}

/**
 * Prices voted by storage nodes at mainnet launch (shared/walrus/NOTES.md). Testnet votes its own;
 * these stand in until the client can read the live system object.
 */
export const DEFAULT_PRICES: WalrusPrices = { storagePricePerUnitPerEpoch: 100_000, writePricePerUnit: 20_000 };

export interface SourceSymbols {
  primary: number;
  secondary: number;
}

/** RS2: f = ⌊(n−1)/3⌋ faulty shards tolerated; primary = n − 2f, secondary = n − f. */
export function sourceSymbols(nShards: number): SourceSymbols {
  if (!Number.isInteger(nShards) || nShards < 4) throw new RangeError(`a committee needs at least 4 shards, got ${nShards}`);
  const f = Math.floor((nShards - 1) / 3);
  return { primary: nShards - 2 * f, secondary: nShards - f };
}

export function symbolSize(unencodedSize: number, nShards: number): number {
  const { primary, secondary } = sourceSymbols(nShards);
  const size = Math.floor((Math.max(unencodedSize, 1) - 1) / (primary * secondary)) + 1;
  return size % 2 === 1 ? size + 1 : size;
}

/** The largest blob the encoding can hold at this shard count (symbols are u16-sized). */
export function maxUnencodedSize(nShards: number): number {
  const { primary, secondary } = sourceSymbols(nShards);
  return primary * secondary * MAX_SYMBOL_SIZE;
}

/** Metadata (two hashes per sliver pair per shard + blob id per shard) + all slivers. */
export function encodedLength(unencodedSize: number, nShards: number): number {
  const { primary, secondary } = sourceSymbols(nShards);
  const metadata = nShards * (nShards * DIGEST_BYTES * 2 + DIGEST_BYTES);
  return metadata + (primary + secondary) * symbolSize(unencodedSize, nShards) * nShards;
}

export function storageUnits(encodedBytes: number): number {
  return Math.ceil(encodedBytes / BYTES_PER_UNIT);
}

export interface BlobCost {
  unencodedSize: number;
  encodedLength: number;
  storageUnits: number;
  /** FROST: units × storage price × epochs + units × write price. */
  cost: number;
}

export function blobCost(unencodedSize: number, options: { shards: number; epochs: number; prices?: WalrusPrices }): BlobCost {
  const prices = options.prices ?? DEFAULT_PRICES;
  const encoded = encodedLength(unencodedSize, options.shards);
  const units = storageUnits(encoded);
  const cost = units * prices.storagePricePerUnitPerEpoch * options.epochs + units * prices.writePricePerUnit;
  return { unencodedSize, encodedLength: encoded, storageUnits: units, cost };
}

/** Patches per quilt: one column each at least, and the index needs a column. */
export function quiltPatchLimit(nShards: number): number {
  return sourceSymbols(nShards).secondary - 1;
}

/** Unencoded size of a QuiltV1 holding these patches: the full symbol matrix, padding included. */
export function quiltUnencodedSize(patches: QuiltPatchSize[], nShards: number): number {
  const { primary, secondary } = sourceSymbols(nShards);
  return quiltSymbolSize(patches, primary, secondary) * primary * secondary;
}

export interface QuiltEstimateOptions {
  epochs: number;
  shards: number;
  prices?: WalrusPrices;
  /** Defaults to the encoding's own limit for the shard count. */
  patchLimit?: number;
  /** Bytes per identifier, for the per-patch header; defaults to 16. */
  identifierBytes?: number;
}

export interface QuiltEstimate {
  items: number;
  bytes: number;
  asBlobs: { blobs: number; storageUnits: number; cost: number };
  asQuilts: { quilts: number; storageUnits: number; cost: number };
  /** How many times more the items cost stored one blob each than packed into quilts. */
  ratio: number;
}

export function estimateQuiltVsBlobs(itemSizes: number[], options: QuiltEstimateOptions): QuiltEstimate {
  const limit = Math.min(options.patchLimit ?? Infinity, quiltPatchLimit(options.shards));
  const costOptions = { shards: options.shards, epochs: options.epochs, prices: options.prices };
  const asBlobs = { blobs: 0, storageUnits: 0, cost: 0 };
  for (const size of itemSizes) {
    const one = blobCost(size, costOptions);
    asBlobs.blobs += 1;
    asBlobs.storageUnits += one.storageUnits;
    asBlobs.cost += one.cost;
  }
  const asQuilts = { quilts: 0, storageUnits: 0, cost: 0 };
  const identifierBytes = options.identifierBytes ?? 16;
  for (let i = 0; i < itemSizes.length; i += limit) {
    const patches = itemSizes.slice(i, i + limit).map((size) => ({ size, identifierBytes }));
    const quilt = blobCost(quiltUnencodedSize(patches, options.shards), costOptions);
    asQuilts.quilts += 1;
    asQuilts.storageUnits += quilt.storageUnits;
    asQuilts.cost += quilt.cost;
  }
  const bytes = itemSizes.reduce((sum, size) => sum + size, 0);
  const ratio = asQuilts.cost === 0 ? 0 : asBlobs.cost / asQuilts.cost;
  return { items: itemSizes.length, bytes, asBlobs, asQuilts, ratio };
}

/** What a patch adds to a quilt: its contents plus the BCS sizes of its identifier and tags. */
export interface QuiltPatchSize {
  size: number;
  /** UTF-8 bytes of the identifier. */
  identifierBytes: number;
  /** BCS bytes of the tag map; 0 or omitted when the patch has no tags. */
  tagsBytes?: number;
}

export function quiltPatchSizeOf(identifier: string, tags: Record<string, string>, size: number): QuiltPatchSize {
  const entries = Object.entries(tags);
  const tagsBytes = entries.length === 0 ? 0 : bcsMapBytes(entries);
  return { size, identifierBytes: Buffer.byteLength(identifier), tagsBytes };
}

/**
 * The smallest symbol size at which every patch (and the index) fills whole columns of its own,
 * found by the same binary search as the Walrus quilt encoder so that sizes match byte for byte.
 */
export function quiltSymbolSize(patches: QuiltPatchSize[], rows: number, columns: number): number {
  if (patches.length === 0) throw new RangeError('a quilt needs at least one patch');
  const sizes = [quiltIndexBytes(patches), ...patches.map(patchBytesInQuilt)];
  if (sizes.length > columns) throw new RangeError(`too many patches: ${patches.length} for ${columns} columns (limit ${columns - 1})`);
  const first = sizes[0] ?? 0;
  let min = Math.max(sum(sizes) / (columns * rows), first / (rows * QUILT_MAX_INDEX_COLUMNS), Math.ceil(QUILT_INDEX_PREFIX_BYTES / rows));
  let max = Math.ceil((Math.max(...sizes) / (columns / sizes.length)) * rows);
  while (min < max) {
    const mid = Math.floor((min + max) / 2);
    if (fits(sizes, columns, mid * rows)) max = mid;
    else min = mid + 1;
  }
  const symbol = Math.ceil(min / 2) * 2;
  if (!fits(sizes, columns, symbol * rows) || symbol > MAX_SYMBOL_SIZE) throw new RangeError('quilt too large for this shard count');
  return symbol;
}

/** Bytes a patch takes in the quilt's columns: its header, identifier, tags and contents. */
export function patchBytesInQuilt(patch: QuiltPatchSize): number {
  const tags = patch.tagsBytes ? QUILT_TAGS_LENGTH_BYTES + patch.tagsBytes : 0;
  return QUILT_PATCH_HEADER_BYTES + QUILT_IDENTIFIER_LENGTH_BYTES + bcsStringBytes(patch.identifierBytes) + tags + patch.size;
}

/** Prefix + BCS(QuiltIndexV1): per patch an end column (u16), the identifier and the tag map. */
function quiltIndexBytes(patches: QuiltPatchSize[]): number {
  return quiltIndexBytesOf(patches.length, sum(patches.map(quiltIndexEntryBytes)));
}

/** What one patch adds to the quilt index: its end column (u16), identifier and tag map. */
export function quiltIndexEntryBytes(patch: QuiltPatchSize): number {
  return 2 + bcsStringBytes(patch.identifierBytes) + (patch.tagsBytes || 1);
}

/** The index of `count` patches whose entries take `entryBytes` together, with its prefix. */
export function quiltIndexBytesOf(count: number, entryBytes: number): number {
  return QUILT_INDEX_PREFIX_BYTES + ulebBytes(count) + entryBytes;
}

function fits(sizes: number[], columns: number, columnBytes: number): boolean {
  return sizes.reduce((acc, size) => acc + Math.ceil(size / columnBytes), 0) <= columns;
}

function bcsMapBytes(entries: [string, string][]): number {
  return ulebBytes(entries.length) + sum(entries.map(([k, v]) => bcsStringBytes(Buffer.byteLength(k)) + bcsStringBytes(Buffer.byteLength(v))));
}

function bcsStringBytes(length: number): number {
  return ulebBytes(length) + length;
}

function ulebBytes(value: number): number {
  let bytes = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    bytes += 1;
  }
  return bytes;
}

function sum(values: number[]): number {
  return values.reduce((acc, v) => acc + v, 0);
}
