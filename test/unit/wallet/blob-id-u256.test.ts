import { blobIdFromInt, blobIdToInt } from '@mysten/walrus';
import { describe, expect, it } from 'vitest';
import { blobIdFromU256, blobIdToU256 } from '../../../src-main/wallet/blob-id-u256.ts';

describe('blob id ↔ Move u256', () => {
  it('matches the Walrus SDK in both directions', () => {
    const blobIds = ['E7_nNXvFU_3qZVu3OH1yycRG7LZlyn1-UxEDCDDqGGU', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '__________________________________________8'];
    for (const blobId of blobIds) {
      expect(blobIdToU256(blobId)).toBe(blobIdToInt(blobId).toString());
      expect(blobIdFromU256(blobIdToU256(blobId))).toBe(blobId);
    }
    const value = 2n ** 255n + 12345n;
    expect(blobIdFromU256(value.toString())).toBe(blobIdFromInt(value));
  });

  it('refuses values that do not fit in 256 bits', () => {
    expect(() => blobIdFromU256((2n ** 256n).toString())).toThrow(RangeError);
  });
});
