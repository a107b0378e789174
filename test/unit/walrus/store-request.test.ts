import { describe, expect, it } from 'vitest';
import { WalrusInputError, WalrusInvalidResponseError, WalrusStoreError } from '../../../src-main/walrus/errors.ts';
import type { BlobStoreResult } from '../../../src-main/walrus/schemas.ts';
import { interpretStoreResult, storeQuery } from '../../../src-main/walrus/store-request.ts';

const BLOB_ID = 'E7_nNXvFU_3qZVu3OH1yycRG7LZlyn1-UxEDCDDqGGU';
const ADDRESS = `0x${'12'.repeat(32)}`;
const defaults = { defaultEpochs: 1 };

describe('storeQuery', () => {
  it('sends only what was asked, with the default epochs', () => {
    expect(storeQuery({}, defaults).query).toEqual({ epochs: 1 });
    expect(storeQuery({ epochs: 5, permanent: true, force: true, sendObjectTo: ADDRESS }, defaults).query).toEqual({
      epochs: 5,
      permanent: true,
      force: true,
      send_object_to: ADDRESS,
    });
    expect(storeQuery({ deletable: true }, { defaultEpochs: 3, sendObjectTo: ADDRESS }).query).toEqual({ epochs: 3, deletable: true, send_object_to: ADDRESS });
  });

  it('refuses what the publisher would reject, before sending', () => {
    for (const bad of [{ epochs: 0 }, { epochs: 54 }, { epochs: 1.5 }, { deletable: true, permanent: true }, { sendObjectTo: '0x12' }]) {
      expect(() => storeQuery(bad, defaults), JSON.stringify(bad)).toThrow(WalrusInputError);
    }
  });
});

describe('interpretStoreResult', () => {
  const newly = (size: number): BlobStoreResult => ({
    newlyCreated: {
      blobObject: { id: ADDRESS, registeredEpoch: 1, blobId: BLOB_ID, size, encodingType: 'RS2', certifiedEpoch: 1, storage: { id: ADDRESS, startEpoch: 1, endEpoch: 6, storageSize: 9 }, deletable: true },
      resourceOperation: { registerFromScratch: { encodedLength: 9 } },
      cost: 42,
    },
  });

  it('reads a newly created blob', () => {
    expect(interpretStoreResult(newly(17), 17, 17, {})).toEqual({
      blobId: BLOB_ID,
      objectId: ADDRESS,
      endEpoch: 6,
      cost: 42,
      size: 17,
      alreadyCertified: false,
      resourceOperation: 'registerFromScratch',
      encodedLength: 9,
    });
  });

  it('catches a stored size that differs from what was sent', () => {
    expect(() => interpretStoreResult(newly(16), 17, 17, {})).toThrow(WalrusInvalidResponseError);
  });

  it('reads an already certified blob as free', () => {
    const info = interpretStoreResult({ alreadyCertified: { blobId: BLOB_ID, endEpoch: 9, object: ADDRESS } }, 5, 5, {});
    expect(info).toMatchObject({ blobId: BLOB_ID, endEpoch: 9, cost: 0, alreadyCertified: true, objectId: ADDRESS, size: 5 });
  });

  it('turns error and markedInvalid results into store errors', () => {
    expect(() => interpretStoreResult({ error: { errorMsg: 'no funds', blobId: null } }, 1, 1, {})).toThrow(/no funds/);
    expect(() => interpretStoreResult({ markedInvalid: { blobId: BLOB_ID, event: { txDigest: 'x', eventSeq: '0' } } }, 1, 1, {})).toThrow(WalrusStoreError);
  });
});
