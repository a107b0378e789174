import { describe, expect, it } from 'vitest';
import { decodeEmbedding, encodeEmbeddings } from '../../../src-main/walrus/embeddings-quilt.ts';
import { WalrusInputError, WalrusInvalidResponseError } from '../../../src-main/walrus/errors.ts';

describe('embedding patches', () => {
  it('round-trips vectors as float32 little-endian with metadata', () => {
    const { patches, dimension } = encodeEmbeddings([
      { identifier: 'e1', vector: [0.5, -1.25, 3], metadata: { text: 'first', n: 1 } },
      { identifier: 'e2', vector: new Float32Array([1, 2, 3]) },
    ]);
    expect(dimension).toBe(3);
    const first = patches[0]!;
    expect(Buffer.from(first.data as Uint8Array).readFloatLE(4)).toBe(-1.25);
    const decoded = decodeEmbedding({ identifier: 'e1', patchId: 'p', tags: first.tags! }, first.data as Uint8Array);
    expect(Array.from(decoded.vector)).toEqual([0.5, -1.25, 3]);
    expect(decoded.metadata).toEqual({ text: 'first', n: 1 });
  });

  it('refuses mixed dimensions and non-finite values', () => {
    expect(() => encodeEmbeddings([{ identifier: 'a', vector: [1, 2] }, { identifier: 'b', vector: [1] }])).toThrow(WalrusInputError);
    expect(() => encodeEmbeddings([{ identifier: 'a', vector: [Number.NaN] }])).toThrow(WalrusInputError);
    expect(() => encodeEmbeddings([])).toThrow(WalrusInputError);
  });

  it('detects a patch whose length does not match its dimension', () => {
    expect(() => decodeEmbedding({ identifier: 'a', patchId: 'p', tags: { dimension: '3', metadata: '{}' } }, new Uint8Array(11))).toThrow(WalrusInvalidResponseError);
  });
});
