// The QuiltV1 layout, for reading patches out of a whole quilt blob without the aggregator: the quilt is a
// matrix of `primary` rows × `secondary` columns of symbols (symbols of an even size, RS2's alignment), and
// a patch fills columns start..end top to bottom, column after column (the official `encodeQuilt` writes it
// so, and its patch ids carry those columns). A patch starts with a 6-byte header (version, length u32 LE,
// flags), then its identifier and optional tags (BCS, each behind a u16 LE size), then its contents.
import { sourceSymbols } from './cost.ts';

export interface QuiltGeometry {
  rows: number;
  columns: number;
  /** Bytes per symbol. */
  symbol: number;
}

export interface DecodedPatch {
  identifier: string;
  tags: Record<string, string>;
  contents: Uint8Array;
}

/** RS2 symbols are a whole number of 2-byte units, so every quilt blob is a multiple of 2 × rows × columns. */
const SYMBOL_ALIGNMENT = 2;
const PATCH_HEADER_BYTES = 6;
const HAS_TAGS = 1;

/** The symbol matrix of a quilt blob of `size` bytes at `nShards`; throws when no quilt has that size. */
export function quiltGeometry(size: number, nShards: number): QuiltGeometry {
  const { primary: rows, secondary: columns } = sourceSymbols(nShards);
  const symbol = size / (rows * columns);
  if (!isQuiltSized(size, nShards)) throw new RangeError(`a blob of ${size} bytes is not a quilt at ${nShards} shards`);
  return { rows, columns, symbol };
}

/** Whether a blob of `size` bytes has the shape of a QuiltV1 blob at `nShards` (a full symbol matrix). */
export function isQuiltSized(size: number, nShards: number): boolean {
  const { primary, secondary } = sourceSymbols(nShards);
  return Number.isSafeInteger(size) && size > 0 && size % (SYMBOL_ALIGNMENT * primary * secondary) === 0;
}

/** Where each row's part of columns start..end lies in the quilt blob: one contiguous span per row. */
export function patchRowSpans(geometry: QuiltGeometry, start: number, end: number): { offset: number; length: number }[] {
  checkColumns(geometry, start, end);
  const rowBytes = geometry.symbol * geometry.columns;
  return Array.from({ length: geometry.rows }, (_, row) => ({ offset: row * rowBytes + start * geometry.symbol, length: (end - start) * geometry.symbol }));
}

/** The patch bytes from its row spans (as `patchRowSpans` lists them), put back in column order. */
export function patchFromRows(geometry: QuiltGeometry, start: number, end: number, rowSpans: readonly Uint8Array[]): DecodedPatch {
  checkColumns(geometry, start, end);
  const { rows, symbol } = geometry;
  const data = new Uint8Array((end - start) * rows * symbol);
  let offset = 0;
  for (let column = 0; column < end - start; column++) {
    for (let row = 0; row < rows; row++) {
      const span = rowSpans[row];
      if (!span || span.length !== (end - start) * symbol) throw new RangeError('quilt row span of the wrong size');
      data.set(span.subarray(column * symbol, (column + 1) * symbol), offset);
      offset += symbol;
    }
  }
  return parsePatch(data);
}

/** One patch of a whole quilt blob held in memory. */
export function readQuiltPatch(quilt: Uint8Array, nShards: number, start: number, end: number): DecodedPatch {
  const geometry = quiltGeometry(quilt.length, nShards);
  const spans = patchRowSpans(geometry, start, end).map(({ offset, length }) => quilt.subarray(offset, offset + length));
  return patchFromRows(geometry, start, end, spans);
}

function checkColumns(geometry: QuiltGeometry, start: number, end: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start >= end || end > geometry.columns) {
    throw new RangeError(`patch columns ${start}..${end} do not fit a quilt of ${geometry.columns} columns`);
  }
}

function parsePatch(data: Uint8Array): DecodedPatch {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < PATCH_HEADER_BYTES + 2) throw new Error('corrupt quilt patch header');
  const length = view.getUint32(1, true);
  const mask = view.getUint8(5);
  const reader = { offset: PATCH_HEADER_BYTES };
  const identifierBytes = view.getUint16(reader.offset, true);
  reader.offset += 2;
  const identifierEnd = reader.offset + identifierBytes;
  const identifier = readBcsString(data, reader);
  reader.offset = identifierEnd;
  let tags: Record<string, string> = {};
  if (mask & HAS_TAGS) {
    const tagsBytes = view.getUint16(reader.offset, true);
    reader.offset += 2;
    const tagsEnd = reader.offset + tagsBytes;
    tags = readBcsStringMap(data, reader);
    reader.offset = tagsEnd;
  }
  const contentsEnd = PATCH_HEADER_BYTES + length;
  if (contentsEnd > data.length || reader.offset > contentsEnd) throw new Error('corrupt quilt patch header');
  return { identifier, tags, contents: data.slice(reader.offset, contentsEnd) };
}

function readUleb(data: Uint8Array, reader: { offset: number }): number {
  let value = 0;
  let shift = 1;
  for (;;) {
    const byte = data[reader.offset++];
    if (byte === undefined) throw new Error('truncated ULEB128');
    value += (byte & 0x7f) * shift;
    if ((byte & 0x80) === 0) return value;
    shift *= 0x80;
  }
}

function readBcsString(data: Uint8Array, reader: { offset: number }): string {
  const length = readUleb(data, reader);
  if (reader.offset + length > data.length) throw new Error('corrupt quilt patch header');
  const text = Buffer.from(data.buffer, data.byteOffset + reader.offset, length).toString('utf8');
  reader.offset += length;
  return text;
}

function readBcsStringMap(data: Uint8Array, reader: { offset: number }): Record<string, string> {
  const entries: [string, string][] = [];
  const count = readUleb(data, reader);
  for (let i = 0; i < count; i++) entries.push([readBcsString(data, reader), readBcsString(data, reader)]);
  return Object.fromEntries(entries);
}
