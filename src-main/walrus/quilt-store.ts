// Storing quilts: one multipart request per quilt (a file field per patch plus `_metadata` for tags),
// and `storeQuilts`, which packs any number of patches into the quilts that cost least within the limits.
import { FormData } from 'undici';
import { prepareBody, type BlobInput, type PreparedBody } from './body-source.ts';
import { mapLimit } from './concurrency.ts';
import type { ClientContext } from './context.ts';
import { quiltPatchLimit } from './cost.ts';
import { WalrusBlobTooLargeError, WalrusInvalidResponseError, type WalrusErrorContext } from './errors.ts';
import { parseQuiltPatchId } from './ids.ts';
import { packQuilts, validatePatches, type Tags } from './quilt-packing.ts';
import { planQuilts, type QuiltPlanLimits } from './quilt-plan.ts';
import { readJson } from './response-body.ts';
import { quiltStoreResultSchema } from './schemas.ts';
import { quiltIdentity, type QuiltIdentity } from './quilt-identity.ts';
import { learnFromRefusal, learnFromStore, recallShards, refusedPatchLimit } from './shard-learning.ts';
import { sendStore } from './store-attempts.ts';
import { interpretStoreResult, recoveredStore, storeQuery, type StoreOptions, type StoredBlobInfo } from './store-request.ts';

export interface QuiltPatchInput {
  /** Unique within the quilt; starts with an ASCII letter or digit. */
  identifier: string;
  data: BlobInput;
  tags?: Tags;
}

export interface StoredPatch {
  identifier: string;
  patchId: string;
  /** Columns of the quilt the patch occupies, when the publisher reports them. */
  range: [number, number] | undefined;
}

export interface StoreQuiltResult extends StoredBlobInfo {
  quiltId: string;
  patches: StoredPatch[];
  patchIds: Record<string, string>;
}

export interface PatchLocation {
  quiltId: string;
  patchId: string;
}

export interface StoreQuiltsOptions extends StoreOptions {
  /** Fewer patches per quilt than the encoding allows (never more). */
  maxPatchesPerQuilt?: number;
  /** Called as each quilt is stored, so a caller can persist progress before the rest finishes. */
  onQuiltStored?: (quilt: StoreQuiltResult, index: number, total: number) => void | Promise<void>;
}

export interface StoreQuiltsResult {
  quilts: StoreQuiltResult[];
  locations: Record<string, PatchLocation>;
  cost: number;
  /** The earliest end epoch among the quilts: when the first of these patches stops being stored. */
  endEpoch: number;
}

interface PreparedPatch {
  identifier: string;
  tags: Tags | undefined;
  body: PreparedBody;
  size: number;
}

/** Stores one quilt; fails with WalrusBlobTooLargeError when the patches exceed one request. */
export async function storeQuilt(ctx: ClientContext, patches: QuiltPatchInput[], options: StoreOptions = {}): Promise<StoreQuiltResult> {
  validatePatches(patches);
  const { query, epochs } = storeQuery(options, ctx.defaults);
  recallShards(ctx);
  const prepared = await preparePatches(ctx, patches);
  try {
    const limits = { maxPatches: quiltPatchLimit(ctx.shards), maxRequestBytes: ctx.maxQuiltRequestBytes };
    if (packQuilts(prepared, limits).length > 1) {
      const bytes = prepared.reduce((sum, p) => sum + p.size, 0);
      throw new WalrusBlobTooLargeError(
        `${prepared.length} patches (${bytes} bytes) exceed one quilt (${limits.maxPatches} patches, ${limits.maxRequestBytes}-byte request); use storeQuilts to split them`,
        bytes,
        limits.maxRequestBytes,
      );
    }
    return await sendQuilt(ctx, prepared, query, epochs, options).catch(async (error: unknown) => {
      const limit = refusedPatchLimit(error);
      if (limit !== undefined) await learnFromRefusal(ctx, limit); // the caller may split and try again
      throw error;
    });
  } finally {
    await Promise.all(prepared.map((p) => p.body.dispose()));
  }
}

/**
 * Stores any number of patches, in order, in the quilts that buy the fewest storage units within the
 * patch and request limits (quilt-plan.ts). A publisher that refuses a quilt for too many patches
 * teaches the client its limit: the patches not yet stored are planned again and sent, once per lesson.
 */
export async function storeQuilts(ctx: ClientContext, patches: QuiltPatchInput[], options: StoreQuiltsOptions = {}): Promise<StoreQuiltsResult> {
  validatePatches(patches);
  const { query, epochs } = storeQuery(options, ctx.defaults);
  recallShards(ctx);
  const prepared = await preparePatches(ctx, patches);
  try {
    // Results and any second plan keep the order patches came in, whatever order quilts land in.
    const positions = new Map(prepared.map((p, i) => [p.identifier, i]));
    const position = (identifier: string) => positions.get(identifier) ?? 0;
    const firstPosition = (quilt: StoreQuiltResult) => Math.min(...quilt.patches.map((p) => position(p.identifier)));
    const quilts: StoreQuiltResult[] = [];
    let remaining = prepared;
    while (remaining.length) {
      const groups = planQuilts(remaining, quiltLimits(ctx, options.maxPatchesPerQuilt)).groups;
      const refused: PreparedPatch[][] = [];
      let unsent = groups.length;
      await mapLimit(groups, ctx.concurrency, async (group) => {
        // After a refusal the rest waits for the new plan rather than be refused in turn.
        if (refused.length) return void refused.push(group);
        let quilt: StoreQuiltResult;
        try {
          quilt = await sendQuilt(ctx, group, query, epochs, options);
        } catch (error) {
          // A refused quilt was not stored: the publisher encodes before it registers or pays for
          // anything, so sending these patches again in smaller quilts buys nothing twice.
          const limit = refusedPatchLimit(error);
          if (limit === undefined || group.length <= limit) throw error;
          await learnFromRefusal(ctx, limit);
          if (quiltPatchLimit(ctx.shards) > limit) throw error; // no count explains the limit: do not loop
          return void refused.push(group);
        }
        quilts.push(quilt);
        unsent -= 1;
        // The total is what is planned now: a refusal plans the rest again, in more quilts.
        await options.onQuiltStored?.(quilt, quilts.length - 1, quilts.length + unsent);
      });
      remaining = refused.flat().sort((a, b) => position(a.identifier) - position(b.identifier));
    }
    quilts.sort((a, b) => firstPosition(a) - firstPosition(b));
    const locations: Record<string, PatchLocation> = {};
    for (const quilt of quilts) for (const p of quilt.patches) locations[p.identifier] = { quiltId: quilt.quiltId, patchId: p.patchId };
    return {
      quilts,
      locations,
      cost: quilts.reduce((sum, q) => sum + q.cost, 0),
      endEpoch: Math.min(...quilts.map((q) => q.endEpoch)),
    };
  } finally {
    await Promise.all(prepared.map((p) => p.body.dispose()));
  }
}

/** The limits a plan must respect, from what the client knows now. */
function quiltLimits(ctx: ClientContext, maxPatchesPerQuilt: number | undefined): QuiltPlanLimits {
  return {
    shards: ctx.shards,
    maxPatches: Math.min(quiltPatchLimit(ctx.shards), maxPatchesPerQuilt ?? Number.POSITIVE_INFINITY),
    maxRequestBytes: ctx.maxQuiltRequestBytes,
    ...(ctx.maxQuiltBytes !== undefined ? { maxQuiltBytes: ctx.maxQuiltBytes } : {}),
  };
}

async function preparePatches(ctx: ClientContext, patches: QuiltPatchInput[]): Promise<PreparedPatch[]> {
  const prepared: PreparedPatch[] = [];
  try {
    for (const patch of patches) {
      const body = await prepareBody(patch.data, { maxBytes: ctx.maxQuiltRequestBytes, tempDir: ctx.tempDir });
      prepared.push({ identifier: patch.identifier, tags: patch.tags, body, size: body.size });
    }
    return prepared;
  } catch (error) {
    await Promise.all(prepared.map((p) => p.body.dispose()));
    throw error;
  }
}

function buildForm(patches: PreparedPatch[]): FormData {
  const form = new FormData();
  for (const patch of patches) {
    const blob = patch.body.body instanceof Blob ? patch.body.body : new Blob([patch.body.body as Uint8Array<ArrayBuffer>]);
    form.append(patch.identifier, blob, patch.identifier);
  }
  const metadata = patches.filter((p) => p.tags && Object.keys(p.tags).length).map((p) => ({ identifier: p.identifier, tags: p.tags }));
  if (metadata.length) form.append('_metadata', JSON.stringify(metadata));
  return form;
}

async function sendQuilt(
  ctx: ClientContext,
  patches: PreparedPatch[],
  query: Record<string, string | number | boolean | undefined>,
  epochs: number,
  options: Pick<StoreOptions, 'signal' | 'mayExist'>,
): Promise<StoreQuiltResult> {
  const context: WalrusErrorContext = { host: 'publisher', request: 'PUT /v1/quilts' };
  const bytes = patches.reduce((sum, p) => sum + p.size, 0);
  let identity: Promise<QuiltIdentity> | undefined;
  const identify = () => (identity ??= readPatches(patches).then((contents) => quiltIdentity(contents, ctx.shards)));
  const outcome = await sendStore(ctx, {
    path: '/v1/quilts',
    query,
    epochs,
    headers: {},
    // A FormData body is re-serialised on every attempt, so retries resend the same parts.
    body: buildForm(patches),
    size: undefined,
    signal: options.signal,
    context,
    mayExist: options.mayExist ?? false,
    read: async (response) => {
      const result = await readJson(ctx.http, response, quiltStoreResultSchema, context);
      const stored = interpretStoreResult(result.blobStoreResult, undefined, bytes, context);
      const storedPatches = checkPatches(patches, result.storedQuiltBlobs, stored.blobId, context);
      ctx.lifetimes.recordStore(stored, result.blobStoreResult); // only a reply that checks out teaches the client anything
      await learnFromStore(ctx, stored);
      return { stored, patches: storedPatches };
    },
    blobId: async () => (await identify()).quiltId,
  });
  const record = { operation: 'storeQuilt' as const, bytes, epochs, patches: patches.map((p) => ({ identifier: p.identifier, tags: p.tags ?? {}, size: p.size })) };
  let stored: StoredBlobInfo;
  let storedPatches: StoredPatch[];
  if ('stored' in outcome) ({ stored, patches: storedPatches } = outcome.stored);
  else {
    stored = recoveredStore(outcome.recovered, bytes, epochs, ctx.lifetimes.currentEpoch, ctx.tracker.estimate(record));
    storedPatches = (await identify()).patches;
    ctx.lifetimes.recordStore(stored);
  }
  ctx.tracker.recordStore({
    ...record,
    reportedCost: stored.cost,
    ids: [stored.blobId, ...(stored.objectId ? [stored.objectId] : [])],
    alreadyCertified: stored.alreadyCertified,
  });
  return { ...stored, quiltId: stored.blobId, patches: storedPatches, patchIds: Object.fromEntries(storedPatches.map((p) => [p.identifier, p.patchId])) };
}

async function readPatches(patches: PreparedPatch[]): Promise<{ identifier: string; contents: Uint8Array; tags: Tags }[]> {
  return Promise.all(
    patches.map(async (p) => ({
      identifier: p.identifier,
      contents: p.body.body instanceof Uint8Array ? p.body.body : new Uint8Array(await (p.body.body as Blob).arrayBuffer()),
      tags: p.tags ?? {},
    })),
  );
}

/** Every sent identifier must come back exactly once, with a patch id inside this quilt. */
function checkPatches(
  sent: PreparedPatch[],
  reported: { identifier: string; quiltPatchId: string; range?: [number, number] | null | undefined }[],
  quiltId: string,
  context: WalrusErrorContext,
): StoredPatch[] {
  const expected = new Set(sent.map((p) => p.identifier));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const patch of reported) {
    if (!expected.has(patch.identifier) || seen.has(patch.identifier)) problems.push(`unexpected patch ${JSON.stringify(patch.identifier)}`);
    if (parseQuiltPatchId(patch.quiltPatchId).quiltId !== quiltId) problems.push(`patch ${JSON.stringify(patch.identifier)} is not in quilt ${quiltId}`);
    seen.add(patch.identifier);
  }
  for (const identifier of expected) if (!seen.has(identifier)) problems.push(`missing patch ${JSON.stringify(identifier)}`);
  if (problems.length) throw new WalrusInvalidResponseError(`quilt reply does not match the request: ${problems.slice(0, 3).join('; ')}`, [], context);
  return reported.map((p) => ({ identifier: p.identifier, patchId: p.quiltPatchId, range: p.range ?? undefined }));
}
