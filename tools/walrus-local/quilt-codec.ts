// QuiltV1 in and out. Encoding uses the Walrus SDK's own encoder so quilt bytes, ids and patch columns
// match real Walrus; decoding reads one patch back out of the column layout, as an aggregator does.
import { encodeQuilt } from '@mysten/walrus';
import { sourceSymbols } from '../../src-main/walrus/cost.ts';
import type { QuiltPatchRecord } from './store.ts';

export interface QuiltInput {
  identifier: string;
  contents: Uint8Array;
  tags: Record<string, string>;
}

export interface DecodedPatch {
  identifier: string;
  tags: Record<string, string>;
  contents: Uint8Array;
}

const PATCH_HEADER_BYTES = 6;
const HAS_TAGS = 1;

export function buildQuilt(patches: QuiltInput[], nShards: number): { bytes: Uint8Array; index: QuiltPatchRecord[] } {
  const { quilt, index } = encodeQuilt({ blobs: patches, numShards: nShards });
  const records = index.patches.map((p) => ({
    identifier: p.identifier,
    start: p.startIndex,
    end: p.endIndex,
    tags: Object.fromEntries(p.tags instanceof Map ? p.tags : Object.entries(p.tags)) as Record<string, string>,
  }));
  return { bytes: quilt, index: records };
}

/** Patch bytes run down each column (symbol by symbol, row by row) from `start` to `end`. */
export function readPatch(quilt: Uint8Array, nShards: number, start: number, end: number): DecodedPatch {
  const { primary: rows, secondary: columns } = sourceSymbols(nShards);
  const symbol = quilt.length / (rows * columns);
  if (!Number.isInteger(symbol) || end > columns || start >= end) throw new Error('quilt layout does not match the patch columns');
  const rowBytes = symbol * columns;
  const data = new Uint8Array((end - start) * rows * symbol);
  let offset = 0;
  for (let column = start; column < end; column++) {
    for (let row = 0; row < rows; row++) {
      const at = row * rowBytes + column * symbol;
      data.set(quilt.subarray(at, at + symbol), offset);
      offset += symbol;
    }
  }
  return parsePatch(data);
}

function parsePatch(data: Uint8Array): DecodedPatch {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const reader = { offset: PATCH_HEADER_BYTES };
  const length = view.getUint32(1, true);
  const mask = view.getUint8(5);
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
