// Embeddings as quilt patches: one patch per vector (float32 little-endian), its dimension and the
// caller's metadata in the patch tags, so any single vector can be read without the rest.
import { mapLimit } from './concurrency.ts';
import type { ClientContext } from './context.ts';
import { WalrusInputError, WalrusInvalidResponseError } from './errors.ts';
import { listQuiltPatches, retrieveFromQuiltByPatchId, type QuiltPatchInfo } from './quilt-read.ts';
import { storeQuilts, type QuiltPatchInput, type StoreQuiltsOptions, type StoreQuiltsResult } from './quilt-store.ts';

export const EMBEDDING_KIND = 'pdw.embedding.f32le.v1';

export type EmbeddingMetadata = Record<string, string | number | boolean | null>;

export interface EmbeddingInput {
  identifier: string;
  vector: readonly number[] | Float32Array;
  metadata?: EmbeddingMetadata;
}

export interface StoredEmbedding {
  identifier: string;
  vector: Float32Array;
  metadata: EmbeddingMetadata;
}

export interface StoreEmbeddingsResult extends StoreQuiltsResult {
  quiltIds: string[];
  dimension: number;
}

export function encodeEmbeddings(embeddings: readonly EmbeddingInput[]): { patches: QuiltPatchInput[]; dimension: number } {
  const dimension = embeddings[0]?.vector.length ?? 0;
  const issues: { path: string; message: string }[] = [];
  if (dimension === 0) issues.push({ path: '0.vector', message: 'embeddings need at least one vector of length > 0' });
  const patches = embeddings.map((embedding, index) => {
    if (embedding.vector.length !== dimension) issues.push({ path: `${index}.vector`, message: `has ${embedding.vector.length} dimensions, expected ${dimension}` });
    const bytes = new Uint8Array(embedding.vector.length * 4);
    const view = new DataView(bytes.buffer);
    embedding.vector.forEach((value, i) => {
      if (!Number.isFinite(value)) issues.push({ path: `${index}.vector.${i}`, message: 'must be a finite number' });
      view.setFloat32(i * 4, value, true);
    });
    const tags = { kind: EMBEDDING_KIND, dimension: String(embedding.vector.length), metadata: JSON.stringify(embedding.metadata ?? {}) };
    return { identifier: embedding.identifier, data: bytes, tags };
  });
  if (issues.length) throw new WalrusInputError(`invalid embeddings: ${issues.slice(0, 3).map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  return { patches, dimension };
}

export function decodeEmbedding(info: QuiltPatchInfo, data: Uint8Array): StoredEmbedding {
  const dimension = Number(info.tags.dimension);
  if (!Number.isInteger(dimension) || dimension <= 0 || data.byteLength !== dimension * 4) {
    throw new WalrusInvalidResponseError(`embedding ${JSON.stringify(info.identifier)} has ${data.byteLength} bytes, expected ${dimension} × 4`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const vector = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) vector[i] = view.getFloat32(i * 4, true);
  let metadata: EmbeddingMetadata;
  try {
    metadata = JSON.parse(info.tags.metadata ?? '{}') as EmbeddingMetadata;
  } catch {
    throw new WalrusInvalidResponseError(`embedding ${JSON.stringify(info.identifier)} has unreadable metadata`);
  }
  return { identifier: info.identifier, vector, metadata };
}

export async function storeEmbeddingsQuilt(ctx: ClientContext, embeddings: readonly EmbeddingInput[], options: StoreQuiltsOptions = {}): Promise<StoreEmbeddingsResult> {
  const { patches, dimension } = encodeEmbeddings(embeddings);
  const result = await storeQuilts(ctx, patches, options);
  return { ...result, quiltIds: result.quilts.map((q) => q.quiltId), dimension };
}

/** Every embedding patch of the given quilt(s), in patch-list order; other patches are skipped. */
export async function retrieveEmbeddingsFromQuilt(ctx: ClientContext, quiltIds: string | readonly string[], options: { signal?: AbortSignal } = {}): Promise<StoredEmbedding[]> {
  const ids = typeof quiltIds === 'string' ? [quiltIds] : quiltIds;
  const out: StoredEmbedding[] = [];
  for (const quiltId of ids) {
    const infos = (await listQuiltPatches(ctx, quiltId, options)).filter((p) => p.tags.kind === EMBEDDING_KIND);
    const decoded = await mapLimit(infos, ctx.concurrency, async (info) => {
      const patch = await retrieveFromQuiltByPatchId(ctx, info.patchId, { ...options, tags: false });
      if (patch.identifier !== info.identifier) {
        throw new WalrusInvalidResponseError(`patch ${info.patchId} is listed as ${JSON.stringify(info.identifier)} but served as ${JSON.stringify(patch.identifier)}`);
      }
      return decodeEmbedding(info, patch.data);
    });
    out.push(...decoded);
  }
  return out;
}
