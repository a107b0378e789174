import { describe, expect, it } from 'vitest';
import { BlobLifetimes } from '../../../src-main/walrus/lifetimes.ts';
import type { BlobStoreResult } from '../../../src-main/walrus/schemas.ts';

const ID = 'E7_nNXvFU_3qZVu3OH1yycRG7LZlyn1-UxEDCDDqGGU';

function newlyCreated(registeredEpoch: number, certifiedEpoch: number | null, endEpoch: number): BlobStoreResult {
  return {
    newlyCreated: {
      blobObject: {
        id: `0x${'1'.repeat(64)}`,
        registeredEpoch,
        blobId: ID,
        size: 1,
        encodingType: 'RS2',
        certifiedEpoch,
        storage: { id: `0x${'2'.repeat(64)}`, startEpoch: registeredEpoch, endEpoch, storageSize: 1 },
        deletable: true,
      },
      resourceOperation: { registerFromScratch: { encodedLength: 1 } },
      cost: 1,
    },
  } as BlobStoreResult;
}

describe('BlobLifetimes', () => {
  it('claims expiry only when a known current epoch has reached a known end epoch', () => {
    const lifetimes = new BlobLifetimes();
    expect(lifetimes.expiry(ID, 3)).toBeUndefined(); // no epoch known yet
    lifetimes.recordStore({ blobId: ID, endEpoch: 5 }, newlyCreated(3, 4, 5));
    expect(lifetimes.currentEpoch).toBe(4);
    expect(lifetimes.expiry(ID)).toBeUndefined();
    expect(lifetimes.expiry('other')).toBeUndefined();
    lifetimes.observeEpoch(5);
    expect(lifetimes.expiry(ID)).toEqual({ endEpoch: 5, currentEpoch: 5 });
    expect(lifetimes.expiry('other')).toBeUndefined();
    expect(lifetimes.expiry('other', 5)).toEqual({ endEpoch: 5, currentEpoch: 5 });
    expect(lifetimes.expiry(ID, 6)).toBeUndefined(); // the caller's record wins
  });

  it('never moves the epoch back and keeps the longest end epoch of a blob', () => {
    const lifetimes = new BlobLifetimes();
    lifetimes.observeEpoch(9);
    lifetimes.observeEpoch(7);
    lifetimes.observeEpoch(Number.NaN);
    expect(lifetimes.currentEpoch).toBe(9);
    lifetimes.recordStore({ blobId: ID, endEpoch: 12 }, newlyCreated(9, 9, 12));
    // Re-storing for fewer epochs (alreadyCertified reports its own end) does not shorten what is known.
    lifetimes.recordStore({ blobId: ID, endEpoch: 10 }, { alreadyCertified: { blobId: ID, endEpoch: 10, object: `0x${'3'.repeat(64)}` } } as BlobStoreResult);
    lifetimes.observeEpoch(11);
    expect(lifetimes.expiry(ID)).toBeUndefined();
    lifetimes.observeEpoch(12);
    expect(lifetimes.expiry(ID)).toEqual({ endEpoch: 12, currentEpoch: 12 });
  });
});
