import { encodeQuilt } from '@mysten/walrus';
import { describe, expect, it } from 'vitest';
import { encodedLength, quiltPatchLimit, storageUnits } from '../../../src-main/walrus/cost.ts';
import { packQuilts, patchRequestBytes, QUILT_FORM_OVERHEAD, type SizedPatch } from '../../../src-main/walrus/quilt-packing.ts';
import { packingUnits, planQuilts, quiltBytes, quiltUnits } from '../../../src-main/walrus/quilt-plan.ts';

const MIB = 1024 * 1024;

/** A deterministic stream of sizes, so a failure names a reproducible case. */
function sizes(count: number, min: number, max: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return min + (state % (max - min + 1));
  });
}

function patches(lengths: number[], prefix = 'item', tags?: Record<string, string>): SizedPatch[] {
  // 43-character identifiers, as the backup's opaque ones.
  return lengths.map((size, i) => ({ identifier: `${prefix}${String(i).padStart(43 - prefix.length, '0')}`, size, ...(tags ? { tags } : {}) }));
}

/** What the official encoder makes of these patches: the blob length and the units it buys. */
function referee(group: readonly SizedPatch[], shards: number): { bytes: number; units: number } {
  const blobs = group.map((p) => ({ identifier: p.identifier, contents: new Uint8Array(p.size), tags: p.tags ?? {} }));
  const bytes = encodeQuilt({ blobs, numShards: shards }).quilt.length;
  return { bytes, units: storageUnits(encodedLength(bytes, shards)) };
}

/** The best in-order packing by brute force over every composition (small inputs only). */
function bruteForce(items: readonly SizedPatch[], shards: number, maxPatches: number): number {
  let best = Infinity;
  const walk = (start: number, units: number) => {
    if (units >= best) return;
    if (start === items.length) return void (best = units);
    for (let end = start + 1; end <= Math.min(items.length, start + maxPatches); end++) {
      let group: number;
      try {
        group = quiltUnits(items.slice(start, end), shards);
      } catch {
        break; // over the largest quilt the shard count can encode: longer groups are too
      }
      walk(end, units + group);
    }
  };
  walk(0, 0);
  return best;
}

const mainnet = { shards: 1000, maxPatches: quiltPatchLimit(1000), maxRequestBytes: 10 * MIB };

describe('the planner sizes each quilt as the official encoder does', () => {
  const cases = [
    { shards: 100, lengths: sizes(120, 200, 6000, 1), tags: undefined },
    { shards: 100, lengths: sizes(40, 20_000, 300_000, 2), tags: { kind: 'content' } },
    { shards: 1000, lengths: sizes(1400, 600, 5000, 3), tags: undefined },
    { shards: 1000, lengths: [...sizes(300, 100, 2000, 4), 900_000, ...sizes(300, 100, 2000, 5)], tags: undefined },
  ];
  for (const c of cases) {
    it(`${c.lengths.length} patches at ${c.shards} shards`, { timeout: 60_000 }, () => {
      const plan = planQuilts(patches(c.lengths, 'p', c.tags), { shards: c.shards, maxPatches: quiltPatchLimit(c.shards), maxRequestBytes: 10 * MIB });
      for (const quilt of plan.quilts) expect({ bytes: quilt.quiltBytes, units: quilt.units }).toEqual(referee(quilt.patches, c.shards));
      expect(plan.units).toBe(plan.quilts.reduce((sum, q) => sum + q.units, 0));
    });
  }

  it('sizes every prefix of a growing quilt, through the column-size jumps', { timeout: 60_000 }, () => {
    // Prefix lengths where the column size must grow: a full quilt, a large patch, the index's own column.
    const items = patches([...sizes(660, 50, 3000, 6), 200_000, ...sizes(5, 50, 3000, 7)]);
    for (const length of [1, 2, 300, 600, 640, 660, 661, 662, 666]) {
      const group = items.slice(0, length);
      const plan = planQuilts(group, { ...mainnet, maxPatches: length });
      // With the split forbidden or dearer, the plan's one-quilt size is the encoder's.
      if (plan.quilts.length === 1) expect(plan.quilts[0]?.quiltBytes).toBe(referee(group, 1000).bytes);
      expect(quiltBytes(group, 1000)).toBe(referee(group, 1000).bytes);
    }
  });
});

describe('the plan is the best in-order packing', () => {
  it('matches brute force over every split (10 shards, large patches cross unit boundaries)', () => {
    for (const seed of [11, 12, 13, 14]) {
      const items = patches(sizes(11, 10_000, 300_000, seed));
      const plan = planQuilts(items, { shards: 10, maxPatches: quiltPatchLimit(10), maxRequestBytes: 100 * MIB });
      expect(plan.units).toBe(bruteForce(items, 10, quiltPatchLimit(10)));
      expect(packingUnits(plan.groups, 10)).toBe(plan.units);
    }
  });

  it('matches brute force at 1000 shards with a small patch cap', { timeout: 60_000 }, () => {
    const items = patches([...sizes(8, 200, 3000, 21), 2_000_000, ...sizes(4, 200, 3000, 22)]);
    const plan = planQuilts(items, { ...mainnet, maxPatches: 5 });
    expect(plan.units).toBe(bruteForce(items, 1000, 5));
  });

  it('keeps the patches in order and every one exactly once', () => {
    const items = patches(sizes(2400, 600, 5000, 31));
    const plan = planQuilts(items, mainnet);
    expect(plan.groups.flat()).toEqual(items);
  });

  it('never fills a mainnet quilt to 666 small patches: the index would set the column size (~2× the units)', () => {
    const items = patches(sizes(2400, 1000, 5000, 41));
    const plan = planQuilts(items, mainnet);
    const greedy = packQuilts(items, { maxPatches: 666, maxRequestBytes: 10 * MIB });
    expect(plan.groups.every((g) => g.length < 666)).toBe(true);
    expect(plan.units).toBeLessThan(0.6 * packingUnits(greedy, 1000));
  });

  it('keeps 666 tiny patches with short names in one quilt: two would pay the metadata twice', () => {
    const items = Array.from({ length: 666 }, (_, i) => ({ identifier: `n${i}`, size: 8 }));
    const plan = planQuilts(items, mainnet);
    expect(plan.groups.map((g) => g.length)).toEqual([666]);
    expect(plan.units).toBe(quiltUnits(items, 1000));
  });

  it('splits the same 666 tiny patches under 43-character names: their index alone would fill a column', () => {
    const items = patches(new Array<number>(666).fill(8));
    const plan = planQuilts(items, mainnet);
    expect(plan.groups.length).toBe(2);
    expect(plan.units).toBeLessThan(quiltUnits(items, 1000));
  });
});

describe('limits', () => {
  it('keeps every request within the limit', () => {
    const limit = 256 * 1024;
    const plan = planQuilts(patches(sizes(200, 1000, 20_000, 51)), { ...mainnet, maxRequestBytes: limit });
    for (const group of plan.groups) expect(QUILT_FORM_OVERHEAD + group.reduce((s, p) => s + patchRequestBytes(p), 0)).toBeLessThanOrEqual(limit);
  });

  it('keeps every quilt blob of several patches under a cap, at a measured price', () => {
    // Patches of 20–40 KB: whole-column padding takes a 10 MiB request's quilt past 10 MiB.
    const items = patches(sizes(1200, 20_000, 40_000, 61));
    const free = planQuilts(items, mainnet);
    const capped = planQuilts(items, { ...mainnet, maxQuiltBytes: 10 * MIB });
    for (const quilt of capped.quilts) if (quilt.patches.length > 1) expect(quilt.quiltBytes).toBeLessThanOrEqual(10 * MIB);
    expect(free.quilts.some((q) => q.quiltBytes > 10 * MIB)).toBe(true);
    expect(capped.units).toBeGreaterThanOrEqual(free.units);
  });

  it('respects the patch limit of the shard count', () => {
    const plan = planQuilts(patches(new Array<number>(300).fill(10)), { shards: 100, maxPatches: quiltPatchLimit(100), maxRequestBytes: 10 * MIB });
    expect(Math.max(...plan.groups.map((g) => g.length))).toBeLessThanOrEqual(66);
  });

  it('plans nothing for nothing', () => {
    expect(planQuilts([], mainnet)).toEqual({ groups: [], quilts: [], units: 0 });
  });
});
