import { describe, expect, it } from 'vitest';
import { encodeQuilt } from '@mysten/walrus';
import {
  blobCost,
  DEFAULT_PRICES,
  encodedLength,
  estimateQuiltVsBlobs,
  maxUnencodedSize,
  quiltPatchLimit,
  quiltPatchSizeOf,
  quiltUnencodedSize,
  sourceSymbols,
  storageUnits,
} from '../../../src-main/walrus/cost.ts';

describe('encoded size (worked examples from the protocol notes)', () => {
  it('a 17-byte blob at 1000 shards reports storageSize 66,034,000', () => {
    expect(encodedLength(17, 1000)).toBe(66_034_000);
    expect(storageUnits(66_034_000)).toBe(63);
  });

  it('at 1000 shards: 64,032,000 + 1,001,000 × symbol size', () => {
    expect(sourceSymbols(1000)).toEqual({ primary: 334, secondary: 667 });
    const perSymbol = 334 * 667;
    expect(encodedLength(perSymbol * 2, 1000)).toBe(64_032_000 + 1_001_000 * 2);
    expect(encodedLength(perSymbol * 2 + 1, 1000)).toBe(64_032_000 + 1_001_000 * 4);
    expect(encodedLength(0, 1000)).toBe(encodedLength(1, 1000));
  });

  it('caps a blob at u16 symbols', () => {
    expect(maxUnencodedSize(10)).toBe(4 * 7 * 65_534);
    expect(maxUnencodedSize(100)).toBeGreaterThan(10 * 1024 * 1024);
  });
});

describe('blob cost', () => {
  it('is units × storage price × epochs + units × write price', () => {
    const c = blobCost(10 * 1024, { shards: 1000, epochs: 5, prices: DEFAULT_PRICES });
    expect(c.storageUnits).toBe(63);
    expect(c.cost).toBe(63 * 100_000 * 5 + 63 * 20_000);
  });
});

describe('quilt layout matches the Walrus quilt encoder', () => {
  const cases: { shards: number; patches: number; size: number; tags: Record<string, string> }[] = [
    { shards: 100, patches: 50, size: 10_240, tags: { a: 'b' } },
    { shards: 100, patches: 3, size: 1_000_000, tags: {} },
    { shards: 10, patches: 5, size: 700, tags: { 'content-type': 'text/plain', x: 'é' } },
    { shards: 1000, patches: 600, size: 10_240, tags: {} },
  ];
  for (const c of cases) {
    it(`${c.patches} × ${c.size} B at ${c.shards} shards`, () => {
      const blobs = Array.from({ length: c.patches }, (_, i) => ({
        identifier: `item-${String(i).padStart(6, '0')}`,
        contents: new Uint8Array(c.size),
        tags: c.tags,
      }));
      const real = encodeQuilt({ blobs, numShards: c.shards }).quilt.length;
      const ours = quiltUnencodedSize(blobs.map((b) => quiltPatchSizeOf(b.identifier, b.tags, b.contents.length)), c.shards);
      expect(ours).toBe(real);
    });
  }

  it('limits patches to (n − f) − 1', () => {
    expect(quiltPatchLimit(1000)).toBe(666);
    expect(() => quiltUnencodedSize(Array.from({ length: 667 }, () => ({ size: 1, identifierBytes: 4 })), 1000)).toThrow(/too many/);
  });
});

describe('quilt vs one blob per item', () => {
  it('600 files of 10 KiB at 1000 shards: 37,800 units vs 92 (≈ 410.9×)', () => {
    const e = estimateQuiltVsBlobs(Array(600).fill(10 * 1024), { epochs: 1, shards: 1000, identifierBytes: 11 });
    expect(e.asBlobs.storageUnits).toBe(37_800);
    expect(e.asQuilts).toMatchObject({ quilts: 1, storageUnits: 92 });
    expect(e.ratio).toBeCloseTo(37_800 / 92, 6);
  });

  it('splits at the patch limit', () => {
    const e = estimateQuiltVsBlobs(Array(1000).fill(10 * 1024), { epochs: 2, shards: 1000, patchLimit: 600 });
    expect(e.asQuilts.quilts).toBe(2);
    expect(e.asBlobs.blobs).toBe(1000);
    expect(e.ratio).toBeGreaterThan(300);
  });
});
