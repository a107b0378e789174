import { describe, expect, it } from 'vitest';
import { WalrusBlobTooLargeError, WalrusInputError } from '../../../src-main/walrus/errors.ts';
import { quiltPatchLimit } from '../../../src-main/walrus/cost.ts';
import { identifierProblem, packQuilts, patchRequestBytes, validatePatches } from '../../../src-main/walrus/quilt-packing.ts';

describe('quilt identifiers', () => {
  it('accepts portable identifiers', () => {
    for (const id of ['a', 'file_1.txt', '0-index.hnsw', 'dir/sub/ü.json', 'x'.repeat(1000)]) expect(identifierProblem(id)).toBeUndefined();
  });

  it('rejects empty, reserved, control characters, trailing whitespace and oversize', () => {
    expect(identifierProblem('')).toMatch(/empty/);
    expect(identifierProblem('_metadata')).toMatch(/start/);
    expect(identifierProblem('_x')).toMatch(/start/);
    expect(identifierProblem('a\u0000b')).toMatch(/control/);
    expect(identifierProblem('a\nb')).toMatch(/control/);
    expect(identifierProblem('name ')).toMatch(/whitespace/);
    expect(identifierProblem('a'.repeat(65_536))).toMatch(/bytes/);
  });

  it('reports every problem at once, duplicates included', () => {
    try {
      validatePatches([{ identifier: 'a' }, { identifier: 'a' }, { identifier: '_b' }, { identifier: 'c', tags: { k: 1 as unknown as string } }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WalrusInputError);
      expect((error as WalrusInputError).issues.map((i) => i.path)).toEqual(['1.identifier', '2.identifier', '3.tags']);
    }
    expect(() => validatePatches([])).toThrow(WalrusInputError);
  });
});

describe('packQuilts', () => {
  const items = (n: number, size: number) => Array.from({ length: n }, (_, i) => ({ identifier: `item-${i}`, size }));

  it('splits by the patch limit, keeping order', () => {
    const groups = packQuilts(items(1000, 10), { maxPatches: 666, maxRequestBytes: 1 << 30 });
    expect(groups.map((g) => g.length)).toEqual([666, 334]);
    expect(groups.flat().map((p) => p.identifier)).toEqual(items(1000, 10).map((p) => p.identifier));
  });

  it('fills mainnet quilts with 666 patches', () => {
    const groups = packQuilts(items(667, 10), { maxPatches: quiltPatchLimit(1000), maxRequestBytes: 10 * 1024 * 1024 });
    expect(groups.map((g) => g.length)).toEqual([666, 1]);
  });

  it('splits by request size, each group within the limit', () => {
    const limit = 100_000;
    const groups = packQuilts(items(50, 10_000), { maxPatches: 666, maxRequestBytes: limit });
    expect(groups.length).toBeGreaterThan(5);
    for (const group of groups) expect(512 + group.reduce((s, p) => s + patchRequestBytes(p), 0)).toBeLessThanOrEqual(limit);
  });

  it('refuses a single patch that no request can carry', () => {
    expect(() => packQuilts([{ identifier: 'big', size: 2_000_000 }], { maxPatches: 666, maxRequestBytes: 1_000_000 })).toThrow(WalrusBlobTooLargeError);
  });
});
