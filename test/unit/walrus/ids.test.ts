import { describe, expect, it } from 'vitest';
import {
  blobIdFromBytes,
  blobIdToBytes,
  computeBlobId,
  encodeQuiltPatchId,
  fromUrlSafeBase64,
  isBlobId,
  isQuiltPatchId,
  parseQuiltPatchId,
  InvalidWalrusIdError,
} from '../../../src-main/walrus/ids.ts';

const SPEC_BLOB_ID = 'E7_nNXvFU_3qZVu3OH1yycRG7LZlyn1-UxEDCDDqGGU';
const SPEC_PATCH_ID = 'uIiEbhP2qgZYygEGxJX1GeB-rQATo2yufC2DCp7B4iABAQANAA';

describe('blob ids', () => {
  it('round-trips 32 bytes through 43 URL-safe characters', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 250) % 256);
    const id = blobIdFromBytes(bytes);
    expect(id).toHaveLength(43);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(blobIdToBytes(id)).toEqual(bytes);
  });

  it('accepts the spec example and rejects near misses', () => {
    expect(isBlobId(SPEC_BLOB_ID)).toBe(true);
    expect(isBlobId(SPEC_BLOB_ID + '=')).toBe(false);
    expect(isBlobId(SPEC_BLOB_ID.slice(1))).toBe(false);
    expect(isBlobId(SPEC_BLOB_ID.replace('_', '/'))).toBe(false);
    // Same bytes, different trailing bits: not the canonical spelling.
    expect(isBlobId(SPEC_BLOB_ID.slice(0, 42) + 'V')).toBe(false);
    expect(isBlobId(SPEC_PATCH_ID)).toBe(false);
  });

  it('refuses padding and foreign characters when decoding', () => {
    expect(() => fromUrlSafeBase64('AAAA==')).toThrow(InvalidWalrusIdError);
    expect(() => fromUrlSafeBase64('ab+c')).toThrow(InvalidWalrusIdError);
  });
});

describe('quilt patch ids', () => {
  it('decodes the spec example: version 1, columns 1..13', () => {
    const parts = parseQuiltPatchId(SPEC_PATCH_ID);
    expect(parts).toMatchObject({ version: 1, start: 1, end: 13 });
    expect(parts.quiltId).toHaveLength(43);
    expect(encodeQuiltPatchId(parts)).toBe(SPEC_PATCH_ID);
  });

  it('lays out quilt id + 0x01 + u16 LE start + u16 LE end', () => {
    const id = encodeQuiltPatchId({ quiltId: SPEC_BLOB_ID, version: 1, start: 0x0102, end: 0x0304 });
    const bytes = fromUrlSafeBase64(id);
    expect(id).toHaveLength(50);
    expect(bytes.subarray(0, 32)).toEqual(blobIdToBytes(SPEC_BLOB_ID));
    expect([...bytes.subarray(32)]).toEqual([0x01, 0x02, 0x01, 0x04, 0x03]);
  });

  it('rejects wrong lengths, versions and out-of-range columns', () => {
    expect(isQuiltPatchId(SPEC_BLOB_ID)).toBe(false);
    const v2 = fromUrlSafeBase64(SPEC_PATCH_ID);
    v2[32] = 2;
    expect(() => parseQuiltPatchId(Buffer.from(v2).toString('base64url'))).toThrow(/version 2/);
    expect(() => encodeQuiltPatchId({ quiltId: SPEC_BLOB_ID, version: 1, start: 0, end: 70_000 })).toThrow(/u16/);
  });
});

describe('computeBlobId', () => {
  it('is deterministic per shard count and differs across shard counts and contents', async () => {
    const data = new TextEncoder().encode('hello walrus');
    const a = await computeBlobId(data, 100);
    expect(isBlobId(a)).toBe(true);
    expect(await computeBlobId(data, 100)).toBe(a);
    expect(await computeBlobId(data, 10)).not.toBe(a);
    expect(await computeBlobId(new TextEncoder().encode('hello walrus!'), 100)).not.toBe(a);
  });

  it('fails for a blob larger than the encoding allows', async () => {
    await expect(computeBlobId(new Uint8Array(2_000_000), 10)).rejects.toThrow(/too large/);
  });
});
