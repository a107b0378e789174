// Sealing: fresh nonces, authentication over bytes, key and associated data, opaque identifiers.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { itemAad, opaqueIdentifier, open, seal, sha256Hex } from '../../../src-main/backup/crypto.ts';
import { MANIFEST_ROOT_FORMAT, openManifest, openManifestBlob, sealManifest, type ManifestRoot, type SnapshotManifest } from '../../../src-main/backup/manifest.ts';
import { deriveBackupKeys } from '../../../src-main/wallet/backup-keys.ts';

const keys = deriveBackupKeys(randomBytes(32));
const text = Buffer.from('Sow beans and peas in early spring. '.repeat(20));
const hash = sha256Hex(text);

describe('item sealing', () => {
  it('round-trips and never repeats a ciphertext for the same content', () => {
    const a = seal(keys.content, text, itemAad(hash));
    const b = seal(keys.content, text, itemAad(hash));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a.subarray(1, 13)).equals(Buffer.from(b.subarray(1, 13)))).toBe(false);
    expect(Buffer.from(open(keys.content, a, itemAad(hash), 'item')).equals(text)).toBe(true);
    expect(Buffer.from(a).includes(Buffer.from('beans'))).toBe(false);
  });

  it('refuses a flipped byte, another key, or the item under another hash', () => {
    const sealed = seal(keys.content, text, itemAad(hash));
    for (let i = 1; i < sealed.length; i += Math.ceil(sealed.length / 7)) {
      const bad = Uint8Array.from(sealed);
      bad[i] = (bad[i] as number) ^ 1;
      expect(() => open(keys.content, bad, itemAad(hash), 'item')).toThrow(/failed authentication/);
    }
    expect(() => open(keys.manifest, sealed, itemAad(hash), 'item')).toThrow(/failed authentication/);
    expect(() => open(keys.content, sealed, itemAad(sha256Hex('other')), 'item')).toThrow(/failed authentication/);
    expect(() => open(keys.content, sealed.subarray(0, 10), itemAad(hash), 'item')).toThrow(/not a PDW encrypted object/);
  });

  it('names items by a keyed hash: stable under one key, unrelated under another, never the content hash', () => {
    const id = opaqueIdentifier(keys.identifiers, hash);
    expect(id).toBe(opaqueIdentifier(keys.identifiers, hash));
    expect(id).not.toBe(opaqueIdentifier(deriveBackupKeys(randomBytes(32)).identifiers, hash));
    expect(id).not.toContain(hash.slice(0, 16));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('manifest sealing', () => {
  const manifest: SnapshotManifest = {
    format: 'pdw-snapshot/v1',
    runId: 'r',
    parent: null,
    createdAt: new Date(0).toISOString(),
    stats: { documents: 1, chunks: 1, bytes: 10 },
    embedder: { id: 'e', dimension: 3 },
    items: [{ kind: 'content', documentId: 1, hash, size: 10, storedSize: 40, endEpoch: 5, location: { type: 'blob', blobId: 'x' } }],
  };

  it('round-trips under the manifest key only', () => {
    const sealed = sealManifest(keys.manifest, manifest);
    expect(openManifest(keys.manifest, sealed)).toEqual(manifest);
    expect(() => openManifest(keys.content, sealed)).toThrow(/manifest failed authentication/);
  });

  it('tells a whole manifest from the root of one stored in parts, and takes a root only as a root', () => {
    const root: ManifestRoot = {
      format: MANIFEST_ROOT_FORMAT,
      runId: 'r',
      createdAt: manifest.createdAt,
      stats: manifest.stats,
      parts: [{ blobId: 'a', size: 10 }, { blobId: 'b', size: 3 }],
    };
    expect(openManifestBlob(keys.manifest, sealManifest(keys.manifest, manifest))).toEqual({ manifest });
    expect(openManifestBlob(keys.manifest, sealManifest(keys.manifest, root))).toEqual({ root });
    expect(() => openManifest(keys.manifest, sealManifest(keys.manifest, root))).toThrow(/does not describe a PDW snapshot/);
    const onePart = sealManifest(keys.manifest, { ...root, parts: root.parts.slice(0, 1) });
    expect(() => openManifestBlob(keys.manifest, onePart)).toThrow(/does not describe a PDW snapshot/);
  });
});
