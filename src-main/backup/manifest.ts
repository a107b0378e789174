// The snapshot manifest: what a snapshot holds and where each item lives on Walrus. It is sealed with
// the manifest key and stored as one blob whose id is the snapshot id, so the recovery phrase and that
// id are all a new machine needs. A sealed manifest too large for one blob (about 100k documents) is cut
// into parts, and the snapshot id is then that of a small root, sealed alike, which names the parts.
import { z } from 'zod';
import { snapshotSettingsSchema } from '../../src-shared/contract/backup.ts';
import { AppError } from '../../src-shared/contract/define.ts';
import { MANIFEST_AAD, open, seal } from './crypto.ts';

export const itemLocationSchema = z.discriminatedUnion('type', [
  // The patch id embeds its quilt id, and the identifier is the HMAC of the hash: neither is repeated here.
  z.object({ type: z.literal('patch'), patchId: z.string() }),
  z.object({ type: z.literal('blob'), blobId: z.string() }),
  // v2: a sealed item over one request's limit, cut in order into blobs. The item's single authentication tag
  // covers the joined bytes, so a missing, extra, truncated or reordered part fails to open.
  z.object({
    type: z.literal('parts'),
    parts: z.array(z.object({ blobId: z.string(), size: z.number().int().positive() })).min(2),
  }),
]);
export type ItemLocation = z.infer<typeof itemLocationSchema>;

export const itemKindSchema = z.enum(['content', 'document']);
export type ItemKind = z.infer<typeof itemKindSchema>;

/** A document's original file, named on its record item (absent in manifests written before it existed). */
export const snapshotFileSchema = z.object({
  path: z.string().min(1),
  /** Bytes of the original file. */
  size: z.number().int().nonnegative(),
  /** Its modification time, ms since the epoch. */
  mtime: z.number(),
});
export type SnapshotFile = z.infer<typeof snapshotFileSchema>;

export const manifestItemSchema = z.object({
  kind: itemKindSchema,
  documentId: z.number().int(),
  /** SHA-256 of the plaintext item. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Plaintext bytes. */
  size: z.number().int().nonnegative(),
  /** Encrypted bytes as stored. */
  storedSize: z.number().int().nonnegative(),
  endEpoch: z.number().int(),
  location: itemLocationSchema,
  file: snapshotFileSchema.optional(),
});
export type ManifestItem = z.infer<typeof manifestItemSchema>;

/** Written by this version; v1 (no multi-part items) is still read. */
export const MANIFEST_FORMAT = 'pdw-snapshot/v2';

export const manifestSchema = z.object({
  format: z.enum(['pdw-snapshot/v1', MANIFEST_FORMAT]),
  /** Random id of the run that made it: the snapshot's lasting identity (renewal may rewrite its manifest). */
  runId: z.string(),
  /** 0 (or absent) as first written; renewal writes the manifest again with the next revision when items move. */
  revision: z.number().int().nonnegative().optional(),
  parent: z.string().nullable(),
  createdAt: z.string(),
  stats: z.object({ documents: z.number().int(), chunks: z.number().int(), bytes: z.number().int() }),
  embedder: z.object({ id: z.string(), dimension: z.number().int(), choice: z.unknown().optional() }),
  items: z.array(manifestItemSchema),
  /**
   * The schedule and retention settings when it was made, for a new machine to adopt. Optional, so no new
   * format version: older readers ignore it, and settings this version cannot read never block a restore.
   */
  settings: snapshotSettingsSchema.optional().catch(undefined),
}).refine((m) => m.format !== 'pdw-snapshot/v1' || m.items.every((i) => i.location.type !== 'parts'), {
  message: 'a v1 manifest has no multi-part items',
});
export type SnapshotManifest = z.infer<typeof manifestSchema>;

export const MANIFEST_ROOT_FORMAT = 'pdw-snapshot-parts/v1';

export const manifestRootSchema = z.object({
  format: z.literal(MANIFEST_ROOT_FORMAT),
  runId: z.string(),
  revision: manifestSchema.shape.revision,
  createdAt: z.string(),
  stats: manifestSchema.shape.stats,
  /** The sealed manifest cut in order. Its one authentication tag covers the joined bytes, so a missing, extra,
   * truncated or reordered part fails to open. */
  parts: z.array(z.object({ blobId: z.string(), size: z.number().int().positive() })).min(2),
});
export type ManifestRoot = z.infer<typeof manifestRootSchema>;

/** Trailing spaces tried to make a sealed manifest's length odd; a few suffice (compression decides). */
const MAX_PARITY_PADDING = 64;

/**
 * Seals a manifest or root to an odd number of bytes (trailing JSON whitespace, which parsing ignores, moves
 * the compressed length). Every quilt blob has an even length (RS2 symbols are 2-byte aligned), so discovery
 * never mistakes one for the other from the owned Blob objects' sizes alone.
 */
export function sealManifest(key: Uint8Array, manifest: SnapshotManifest | ManifestRoot): Uint8Array {
  const json = JSON.stringify(manifest);
  let sealed = seal(key, Buffer.from(json, 'utf8'), MANIFEST_AAD);
  for (let pad = 1; sealed.length % 2 === 0 && pad <= MAX_PARITY_PADDING; pad++) {
    sealed = seal(key, Buffer.from(json + ' '.repeat(pad), 'utf8'), MANIFEST_AAD);
  }
  return sealed;
}

/** A snapshot id's blob: the manifest itself, or the root naming its parts. */
export function openManifestBlob(key: Uint8Array, sealed: Uint8Array): { manifest: SnapshotManifest } | { root: ManifestRoot } {
  const json = openJson(key, sealed);
  if ((json as { format?: unknown } | null)?.format === MANIFEST_ROOT_FORMAT) {
    const root = manifestRootSchema.safeParse(json);
    if (!root.success) throw notASnapshot();
    return { root: root.data };
  }
  return { manifest: parseManifest(json) };
}

/** The manifest itself (a whole blob, or its parts joined); a root is not one. */
export function openManifest(key: Uint8Array, sealed: Uint8Array): SnapshotManifest {
  return parseManifest(openJson(key, sealed));
}

function openJson(key: Uint8Array, sealed: Uint8Array): unknown {
  const plain = open(key, sealed, MANIFEST_AAD, 'The snapshot manifest');
  try {
    return JSON.parse(Buffer.from(plain).toString('utf8'));
  } catch {
    throw notASnapshot();
  }
}

function parseManifest(json: unknown): SnapshotManifest {
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw notASnapshot();
  return parsed.data;
}

const notASnapshot = () => new AppError('remote_error', 'The snapshot manifest decrypted but does not describe a PDW snapshot.');
