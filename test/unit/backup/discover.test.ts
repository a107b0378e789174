// Which owned blobs discovery reads: by size, end epoch and certification alone, manifests (sealed to an
// odd length) stay candidates and quilts (full matrices of even-sized symbols) never are.
import { randomBytes, randomUUID } from 'node:crypto';
import { encodeQuilt } from '@mysten/walrus';
import { describe, expect, it } from 'vitest';
import { manifestCandidates } from '../../../src-main/backup/discover.ts';
import { MANIFEST_FORMAT, openManifestBlob, sealManifest, type SnapshotManifest } from '../../../src-main/backup/manifest.ts';
import type { OwnedBlobObject } from '../../../src-main/wallet/owned-blobs.ts';

const key = randomBytes(32);

function manifest(items: number): SnapshotManifest {
  return {
    format: MANIFEST_FORMAT,
    runId: randomUUID(),
    parent: null,
    createdAt: new Date().toISOString(),
    stats: { documents: items, chunks: items, bytes: items * 100 },
    embedder: { id: 'e', dimension: 3 },
    items: Array.from({ length: items }, (_, i) => ({
      kind: 'document' as const,
      documentId: i,
      hash: randomBytes(32).toString('hex'),
      size: 100 + i,
      storedSize: 150 + i,
      endEpoch: 9,
      location: { type: 'blob' as const, blobId: randomBytes(32).toString('base64url') },
    })),
  };
}

function owned(blobId: string, size: number, endEpoch: number): OwnedBlobObject {
  return { objectId: `0x${randomBytes(32).toString('hex')}`, blobId, size, registeredEpoch: 1, certifiedEpoch: 1, startEpoch: 1, endEpoch, deletable: true };
}

describe('discovery candidates', () => {
  it('seals every manifest to an odd length, which still opens', () => {
    for (let n = 0; n < 60; n++) {
      const m = manifest(n);
      const sealed = sealManifest(key, m);
      expect(sealed.length % 2).toBe(1);
      expect(openManifestBlob(key, sealed)).toEqual({ manifest: m });
    }
  });

  it('keeps manifests, drops quilts, expired or uncertified blobs and duplicates, smallest first', () => {
    const sealed = sealManifest(key, manifest(3));
    const big = sealManifest(key, manifest(200));
    const { quilt } = encodeQuilt({ blobs: [{ identifier: 'a', contents: randomBytes(3000), tags: {} }], numShards: 100 });
    const list = [
      owned('big', big.length, 10),
      owned('quilt', quilt.length, 10),
      owned('small', sealed.length, 4),
      owned('small', sealed.length, 10), // the same blob renewed: one read
      owned('gone', sealed.length + 2, 5),
      { ...owned('uncertified', sealed.length + 4, 10), certifiedEpoch: null }, // registered, never certified: not served
    ];
    expect(manifestCandidates(list, { shards: 100, currentEpoch: 5 }).map((o) => [o.blobId, o.endEpoch])).toEqual([
      ['small', 10],
      ['big', 10],
    ]);
    // Not knowing the epoch, nothing is dropped as expired.
    expect(manifestCandidates(list, { shards: 100, currentEpoch: undefined }).map((o) => o.blobId)).toEqual(['small', 'gone', 'big']);
  });
});
