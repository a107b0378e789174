// A vector index (its files by name) stored as one quilt with a manifest patch listing each file's
// size and SHA-256, so a restore proves every byte before the index is loaded.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { describeIssues } from '../../src-shared/contract/define.ts';
import type { BlobInput } from './body-source.ts';
import { isPathInput } from './body-source.ts';
import { mapLimit } from './concurrency.ts';
import type { ClientContext } from './context.ts';
import { WalrusInputError, WalrusInvalidResponseError } from './errors.ts';
import { retrieveFromQuiltById } from './quilt-read.ts';
import { storeQuilt, type StoreQuiltResult } from './quilt-store.ts';
import type { StoreOptions } from './store-request.ts';

export const INDEX_MANIFEST_IDENTIFIER = 'pdw-index-manifest.json';
const MANIFEST_KIND = 'pdw.hnsw-index.v1';

export interface IndexFileInput {
  /** The file's name; becomes its patch identifier. */
  name: string;
  data: Uint8Array | { path: string };
}

export interface IndexManifest {
  kind: typeof MANIFEST_KIND;
  metadata: Record<string, string>;
  files: { name: string; size: number; sha256: string }[];
}

export interface StoreIndexResult extends StoreQuiltResult {
  manifest: IndexManifest;
}

export interface RetrievedIndex {
  metadata: Record<string, string>;
  files: { name: string; data: Uint8Array }[];
}

async function digest(data: Uint8Array | { path: string }): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  if (!isPathInput(data)) return { size: data.byteLength, sha256: hash.update(data).digest('hex') };
  let size = 0;
  for await (const chunk of createReadStream(data.path) as AsyncIterable<Buffer>) {
    size += chunk.length;
    hash.update(chunk);
  }
  return { size, sha256: hash.digest('hex') };
}

/** One quilt: the manifest plus one patch per file. An index over one quilt request fails with too_large. */
export async function storeHnswIndexQuilt(
  ctx: ClientContext,
  files: readonly IndexFileInput[],
  metadata: Record<string, string> = {},
  options: StoreOptions = {},
): Promise<StoreIndexResult> {
  if (files.some((f) => f.name === INDEX_MANIFEST_IDENTIFIER)) {
    throw new WalrusInputError(`${INDEX_MANIFEST_IDENTIFIER} is reserved for the index manifest`, [{ path: 'files', message: 'reserved name' }]);
  }
  const entries = await Promise.all(files.map(async (f) => ({ name: f.name, ...(await digest(f.data)) })));
  const manifest: IndexManifest = { kind: MANIFEST_KIND, metadata, files: entries };
  const patches = [
    { identifier: INDEX_MANIFEST_IDENTIFIER, data: Buffer.from(JSON.stringify(manifest)), tags: { kind: MANIFEST_KIND } },
    ...files.map((f, i) => ({ identifier: f.name, data: f.data as BlobInput, tags: { sha256: entries[i]?.sha256 ?? '' } })),
  ];
  const result = await storeQuilt(ctx, patches, options);
  return { ...result, manifest };
}

export async function retrieveHnswIndexFromQuilt(ctx: ClientContext, quiltId: string, options: { signal?: AbortSignal } = {}): Promise<RetrievedIndex> {
  const manifestPatch = await retrieveFromQuiltById(ctx, quiltId, INDEX_MANIFEST_IDENTIFIER, { ...options, tags: false });
  const manifest = parseManifest(manifestPatch.data);
  const files = await mapLimit(manifest.files, ctx.concurrency, async (entry) => {
    const patch = await retrieveFromQuiltById(ctx, quiltId, entry.name, { ...options, tags: false });
    const actual = createHash('sha256').update(patch.data).digest('hex');
    if (patch.data.byteLength !== entry.size || actual !== entry.sha256) {
      throw new WalrusInvalidResponseError(`index file ${JSON.stringify(entry.name)} does not match its manifest (size or SHA-256)`);
    }
    return { name: entry.name, data: patch.data };
  });
  return { metadata: manifest.metadata, files };
}

const manifestSchema = z.object({
  kind: z.literal(MANIFEST_KIND),
  metadata: z.record(z.string(), z.string()),
  files: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});

function parseManifest(bytes: Uint8Array): IndexManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new WalrusInvalidResponseError('the index manifest is not JSON');
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new WalrusInvalidResponseError('the quilt has no valid index manifest', describeIssues(parsed.error));
  return parsed.data;
}
