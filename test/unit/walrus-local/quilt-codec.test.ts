import { describe, expect, it } from 'vitest';
import { readQuiltPatch as readPatch } from '../../../src-main/walrus/quilt-layout.ts';
import { buildQuilt, type QuiltInput } from '../../../src-main/walrus-local/quilt-codec.ts';

describe('QuiltV1 patches', () => {
  it('reads every patch back out of the column layout, with identifier and tags', () => {
    const patches: QuiltInput[] = [
      { identifier: 'zeta', contents: new Uint8Array(5000).map((_, i) => i % 251), tags: {} },
      { identifier: 'alpha', contents: new TextEncoder().encode('short'), tags: { 'content-type': 'text/plain', 'ключ': 'значение' } },
      { identifier: 'empty', contents: new Uint8Array(0), tags: { a: '' } },
    ];
    const { bytes, index } = buildQuilt(patches, 100);
    expect(index.map((p) => p.identifier)).toEqual(['alpha', 'empty', 'zeta']);
    for (const entry of index) {
      const original = patches.find((p) => p.identifier === entry.identifier);
      const decoded = readPatch(bytes, 100, entry.start, entry.end);
      expect(decoded.identifier).toBe(entry.identifier);
      expect(decoded.tags).toEqual(original?.tags);
      expect(Buffer.from(decoded.contents)).toEqual(Buffer.from(original?.contents ?? []));
    }
  });

  it('refuses columns that do not fit the quilt', () => {
    const { bytes } = buildQuilt([{ identifier: 'a', contents: new Uint8Array(10), tags: {} }], 100);
    expect(() => readPatch(bytes, 100, 5, 5)).toThrow();
    expect(() => readPatch(bytes, 100, 0, 200)).toThrow();
    expect(() => readPatch(bytes, 10, 1, 2)).toThrow();
  });
});
