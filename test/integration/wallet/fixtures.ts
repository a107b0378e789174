// Blob object records like the local Walrus server creates, for the in-memory Sui source.
import { createHash } from 'node:crypto';
import { blobIdFromBytes } from '../../../src-main/walrus/ids.ts';
import type { BlobObjectRecord } from '../../../tools/sui-local/source.ts';

export const OWNER = '0x' + 'ab'.repeat(32);
export const STRANGER = '0x' + 'cd'.repeat(32);

function id(seed: string): string {
  return '0x' + createHash('sha256').update(seed).digest('hex');
}

export function blobRecord(n: number, owner: string | null = OWNER): BlobObjectRecord {
  return {
    objectId: id(`object-${n}-${owner}`),
    blobId: blobIdFromBytes(createHash('sha256').update(`blob-${n}`).digest()),
    owner,
    size: 1000 + n,
    encodedLength: 66_034_000,
    registeredEpoch: 3,
    certifiedEpoch: n % 2 ? 3 : null,
    storageId: id(`storage-${n}`),
    startEpoch: 3,
    endEpoch: 8 + n,
    deletable: n % 3 === 0,
    txDigest: 'GqwQnTgdGiFtE5wKgbQpyKMXyqaRVfRmoFKTBvvYRZ3d',
  };
}
