// Cutting patches out of whole quilt blobs, against the official encoder (@mysten/walrus `encodeQuilt`):
// every patch of a full quilt at 1000 shards comes back with its identifier and bytes from the columns
// its index gives, and quilt-sized blobs are told from others by size alone.
import { randomBytes } from 'node:crypto';
import { encodeQuilt } from '@mysten/walrus';
import { describe, expect, it } from 'vitest';
import { isQuiltSized, quiltGeometry, readQuiltPatch } from '../../../src-main/walrus/quilt-layout.ts';
import { quiltPatchLimit } from '../../../src-main/walrus/cost.ts';

describe('QuiltV1 layout', () => {
  it('reads every patch of a full 1000-shard quilt out of the official encoding', () => {
    const blobs = Array.from({ length: quiltPatchLimit(1000) }, (_, i) => ({ identifier: `item-${i}`, contents: randomBytes(100 + ((i * 37) % 3000)), tags: {} }));
    const { quilt, index } = encodeQuilt({ blobs, numShards: 1000 });
    expect(isQuiltSized(quilt.length, 1000)).toBe(true);
    for (const patch of index.patches) {
      const decoded = readQuiltPatch(quilt, 1000, patch.startIndex, patch.endIndex);
      expect(decoded.identifier).toBe(patch.identifier);
      expect(Buffer.from(decoded.contents).equals(Buffer.from(blobs.find((b) => b.identifier === patch.identifier)?.contents ?? []))).toBe(true);
    }
  });

  it('tells quilt sizes from others: quilts fill an even-symbol matrix, odd lengths never do', () => {
    for (const shards of [10, 100, 1000]) {
      const { quilt } = encodeQuilt({ blobs: [{ identifier: 'a', contents: randomBytes(5000), tags: {} }], numShards: shards });
      expect(isQuiltSized(quilt.length, shards)).toBe(true);
      expect(quilt.length % 2).toBe(0);
      expect(isQuiltSized(quilt.length + 1, shards)).toBe(false);
      expect(isQuiltSized(quilt.length - 2, shards)).toBe(false);
      expect(() => quiltGeometry(quilt.length + 1, shards)).toThrow(/not a quilt/);
    }
    expect(isQuiltSized(0, 100)).toBe(false);
  });

  it('refuses columns outside the quilt', () => {
    const { quilt } = encodeQuilt({ blobs: [{ identifier: 'a', contents: randomBytes(10), tags: {} }], numShards: 100 });
    expect(() => readQuiltPatch(quilt, 100, 3, 3)).toThrow(/do not fit/);
    expect(() => readQuiltPatch(quilt, 100, 0, 200)).toThrow(/do not fit/);
  });
});
