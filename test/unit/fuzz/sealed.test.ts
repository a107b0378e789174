// Fuzzes what restore reads back from Walrus: a sealed manifest or item that was altered in any way
// (one flipped byte, truncated, extended, random bytes, another item's associated data) must fail
// authentication with an AppError, never decrypt into garbage.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemAad, open, seal, sha256Hex } from '../../../src-main/backup/crypto.ts';
import { openManifest, sealManifest, type SnapshotManifest } from '../../../src-main/backup/manifest.ts';
import { AppError } from '../../../src-shared/contract/define.ts';
import { mutate, mutation } from './mutations.ts';

const SEED = 0x5eed_0003;
const RUNS = 300;
const key = randomBytes(32);

const manifest: SnapshotManifest = {
  format: 'pdw-snapshot/v1',
  runId: 'run-1',
  parent: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  stats: { documents: 2, chunks: 5, bytes: 1234 },
  embedder: { id: 'bundled-wink-100', dimension: 100 },
  items: [
    { kind: 'content', documentId: 1, hash: 'a'.repeat(64), size: 10, storedSize: 40, endEpoch: 9, location: { type: 'patch', patchId: 'p1' } },
    { kind: 'document', documentId: 2, hash: 'b'.repeat(64), size: 20, storedSize: 50, endEpoch: 9, location: { type: 'blob', blobId: 'b1' } },
  ],
};

/** Asserts `fn` throws the authentication AppError; anything else (a result, another error) fails. */
function expectRejected(fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe('remote_error');
}

describe('fuzz: sealed manifests and items', () => {
  const sealedManifest = sealManifest(key, manifest);

  it('opens the untouched manifest (the property below is not vacuous)', () => {
    expect(openManifest(key, sealedManifest)).toEqual(manifest);
  });

  it('rejects every flipped, truncated or extended manifest', () => {
    fc.assert(
      fc.property(mutation, (m) => expectRejected(() => openManifest(key, mutate(sealedManifest, m)))),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('rejects random bytes as a manifest', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.boolean(), (bytes, versioned) => {
        // Half the time the version byte is right, so the authentication check is what rejects it.
        if (versioned && bytes.length > 0) bytes[0] = 1;
        expectRejected(() => openManifest(key, bytes));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('rejects every altered item, and an item opened under another item’s hash', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), mutation, fc.uint8Array({ minLength: 1, maxLength: 32 }), (plain, m, other) => {
        const hash = sha256Hex(plain);
        const sealed = seal(key, plain, itemAad(hash));
        expect(Buffer.from(open(key, sealed, itemAad(hash), 'item')).equals(Buffer.from(plain))).toBe(true);
        expectRejected(() => open(key, mutate(sealed, m), itemAad(hash), 'item'));
        const otherHash = sha256Hex(other);
        if (otherHash !== hash) expectRejected(() => open(key, sealed, itemAad(otherHash), 'item'));
        expectRejected(() => open(randomBytes(32), sealed, itemAad(hash), 'item'));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
