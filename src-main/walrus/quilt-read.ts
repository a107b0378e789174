// Reading quilts: the patch list, and single patches by patch id or by quilt id + identifier. The
// aggregator sends tags as headers only for names it allows, so tags come from the patch list, which
// never changes for a quilt id and is cached.
import type { ClientContext } from './context.ts';
import { WalrusInputError, WalrusInvalidResponseError, type WalrusErrorContext } from './errors.ts';
import type { WalrusResponse } from './http.ts';
import { parseQuiltPatchId } from './ids.ts';
import { sendRead } from './lifetimes.ts';
import { identifierProblem, type QuiltPatchInfo, type Tags } from './quilt-packing.ts';

export type { QuiltPatchInfo } from './quilt-packing.ts';
import { retryBrokenReads } from './read-retry.ts';
import { readJson, readVerifiedBytes } from './response-body.ts';
import { RetryBudget } from './retry-policy.ts';
import { quiltPatchListSchema } from './schemas.ts';
import { assertBlobId, type ReadOptions } from './blob-ops.ts';

export interface QuiltPatchData extends QuiltPatchInfo {
  quiltId: string;
  data: Uint8Array;
}

export interface PatchReadOptions extends ReadOptions {
  /** Look the tags up in the quilt's patch list (one cached request per quilt); default true. */
  tags?: boolean;
}

const CACHE_LIMIT = 64;

export async function listQuiltPatches(ctx: ClientContext, quiltId: string, options: ReadOptions = {}): Promise<QuiltPatchInfo[]> {
  assertBlobId(quiltId);
  const cached = ctx.patchLists.get(quiltId);
  if (cached) return cached;
  const context: WalrusErrorContext = { host: 'aggregator', request: 'GET /v1/quilts/{quiltId}/patches' };
  const budget = new RetryBudget(ctx.retry);
  const list = await retryBrokenReads(budget, options.signal, async () => {
    const request = { host: 'aggregator', method: 'GET', path: `/v1/quilts/${quiltId}/patches`, budget, signal: options.signal } as const;
    const response = await sendRead(ctx, quiltId, options.endEpoch, request);
    return readJson(ctx.http, response, quiltPatchListSchema, context);
  });
  const patches = list.map((p) => ({ identifier: p.identifier, patchId: (p.patchId ?? p.quiltPatchId) as string, tags: p.tags ?? {} }));
  const foreign = patches.find((p) => parseQuiltPatchId(p.patchId).quiltId !== quiltId);
  if (foreign) throw new WalrusInvalidResponseError(`patch ${JSON.stringify(foreign.identifier)} listed for quilt ${quiltId} belongs to another quilt`, [], context);
  ctx.tracker.recordRead('listPatches', 0, [quiltId]);
  if (ctx.patchLists.size >= CACHE_LIMIT) ctx.patchLists.delete(ctx.patchLists.keys().next().value as string);
  ctx.patchLists.set(quiltId, patches);
  return patches;
}

export async function retrieveFromQuiltByPatchId(ctx: ClientContext, patchId: string, options: PatchReadOptions = {}): Promise<QuiltPatchData> {
  let quiltId: string;
  try {
    quiltId = parseQuiltPatchId(patchId).quiltId;
  } catch (error) {
    throw new WalrusInputError(`not a quilt patch id: ${(error as Error).message}`, [{ path: 'patchId', message: 'must be a Walrus quilt patch id' }]);
  }
  const context: WalrusErrorContext = { host: 'aggregator', request: 'GET /v1/blobs/by-quilt-patch-id/{patchId}' };
  const { data, identifier } = await readPatch(ctx, quiltId, `/v1/blobs/by-quilt-patch-id/${patchId}`, [quiltId, patchId], undefined, options, context);
  const tags = options.tags === false ? {} : await tagsOf(ctx, quiltId, (p) => p.patchId === patchId, identifier, options, context);
  ctx.tracker.recordRead('retrievePatch', data.byteLength, [patchId]);
  return { quiltId, patchId, identifier, tags, data };
}

export async function retrieveFromQuiltById(ctx: ClientContext, quiltId: string, identifier: string, options: PatchReadOptions = {}): Promise<QuiltPatchData> {
  assertBlobId(quiltId);
  const problem = identifierProblem(identifier);
  if (problem) throw new WalrusInputError(`identifier ${JSON.stringify(identifier)} ${problem}`, [{ path: 'identifier', message: problem }]);
  const context: WalrusErrorContext = { host: 'aggregator', request: 'GET /v1/blobs/by-quilt-id/{quiltId}/{identifier}' };
  const path = `/v1/blobs/by-quilt-id/${quiltId}/${encodeURIComponent(identifier)}`;
  const { data } = await readPatch(ctx, quiltId, path, [quiltId], identifier, options, context);
  let patchId = '';
  let tags: Tags = {};
  if (options.tags !== false) {
    const entry = (await listQuiltPatches(ctx, quiltId, options)).find((p) => p.identifier === identifier);
    if (!entry) throw new WalrusInvalidResponseError(`patch ${JSON.stringify(identifier)} was served but is not in the patch list of ${quiltId}`, [], context);
    ({ patchId, tags } = entry);
  }
  ctx.tracker.recordRead('retrievePatch', data.byteLength, [patchId || quiltId]);
  return { quiltId, patchId, identifier, tags, data };
}

/** Fetches patch bytes and checks what the headers let us check: identifier and ETag. */
async function readPatch(
  ctx: ClientContext,
  quiltId: string,
  path: string,
  etags: string[],
  expectedIdentifier: string | undefined,
  options: ReadOptions,
  context: WalrusErrorContext,
): Promise<{ data: Uint8Array; identifier: string }> {
  const budget = new RetryBudget(ctx.retry);
  return retryBrokenReads(budget, options.signal, async () => {
    const response = await sendRead(ctx, quiltId, options.endEpoch, { host: 'aggregator', method: 'GET', path, budget, signal: options.signal });
    const identifier = checkHeaders(response, etags, expectedIdentifier, context);
    const data = await readVerifiedBytes(ctx.http, response, options.maxBytes ?? ctx.maxReadBytes, context);
    return { data, identifier };
  });
}

function header(response: WalrusResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function checkHeaders(response: WalrusResponse, etags: string[], expectedIdentifier: string | undefined, context: WalrusErrorContext): string {
  const fail = (message: string) => {
    response.body.destroy();
    return new WalrusInvalidResponseError(message, [], context);
  };
  const raw = header(response, 'x-quilt-patch-identifier');
  if (raw === undefined) throw fail('patch reply lacks the X-Quilt-Patch-Identifier header');
  const identifier = decodeHeader(raw);
  if (expectedIdentifier !== undefined && identifier !== expectedIdentifier) {
    throw fail(`asked for patch ${JSON.stringify(expectedIdentifier)}, got ${JSON.stringify(identifier)}`);
  }
  // The ETag names the quilt (or the patch): a different one means a different object was served.
  const etag = header(response, 'etag')?.replace(/^W\//, '').replace(/^"|"$/g, '');
  if (etag !== undefined && etag !== '' && !etags.includes(etag)) throw fail(`patch reply has ETag ${etag}, expected ${etags.join(' or ')}`);
  return identifier;
}

/**
 * Header values are bytes: an aggregator sends a UTF-8 identifier raw (read here as Latin-1) or
 * percent-encoded. Either spelling is turned back into the identifier.
 */
function decodeHeader(value: string): string {
  const utf8 = Buffer.from(value, 'latin1').toString('utf8');
  const raw = utf8.includes('\uFFFD') ? value : utf8;
  if (!/%[0-9A-Fa-f]{2}/.test(raw)) return raw;
  try {
    const decoded = decodeURIComponent(raw);
    return encodeURIComponent(decoded) === raw ? decoded : raw;
  } catch {
    return raw;
  }
}

async function tagsOf(
  ctx: ClientContext,
  quiltId: string,
  match: (p: QuiltPatchInfo) => boolean,
  identifier: string,
  options: ReadOptions,
  context: WalrusErrorContext,
): Promise<Tags> {
  const entry = (await listQuiltPatches(ctx, quiltId, options)).find(match);
  if (!entry || entry.identifier !== identifier) {
    throw new WalrusInvalidResponseError(`patch ${JSON.stringify(identifier)} does not match the patch list of ${quiltId}`, [], context);
  }
  return entry.tags;
}
