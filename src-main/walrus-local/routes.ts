// The official API surface: which path and method go to which handler, and under which fault route.
import { quiltPatchLimit } from '../walrus/cost.ts';
import { encodeQuiltPatchId } from '../walrus/ids.ts';
import { checkReadOptions, readBlob, readByObjectId, readByteRange, listPatches, readPatchById, readPatchByIdentifier } from './aggregator.ts';
import type { RequestInfo, ServerContext } from './context.ts';
import { apiDocsPage } from './docs-page.ts';
import type { FaultRoute } from './faults.ts';
import { bodySizeHint } from './publisher-auth.ts';
import { registerBlob } from './publisher.ts';
import { buildQuilt } from './quilt-codec.ts';
import { readQuiltForm } from './quilt-form.ts';
import { jsonReply, statusError, textReply, type Reply } from './reply.ts';
import { parseStoreParams } from './store-params.ts';

export interface Route {
  method: string;
  /** OpenAPI path template, as in the official YAML. */
  template: string;
  fault: FaultRoute | undefined;
  handle(ctx: ServerContext, req: RequestInfo): Promise<Reply> | Reply;
}

export const ROUTES: Route[] = [
  { method: 'GET', template: '/status', fault: 'status', handle: () => textReply(200, 'OK') },
  { method: 'GET', template: '/v1/api', fault: undefined, handle: () => apiDocsPage() },
  { method: 'PUT', template: '/v1/blobs', fault: 'storeBlob', handle: storeBlob },
  { method: 'PUT', template: '/v1/quilts', fault: 'storeQuilt', handle: storeQuilt },
  {
    method: 'GET',
    template: '/v1/blobs/by-quilt-patch-id/{quilt_patch_id}',
    fault: 'readPatch',
    handle: (ctx, req) => readPatchById(ctx, req.params.quilt_patch_id ?? '', ctx.tagHeaders === 'all'),
  },
  {
    method: 'GET',
    template: '/v1/blobs/by-quilt-id/{quilt_id}/{identifier}',
    fault: 'readPatch',
    handle: (ctx, req) => readPatchByIdentifier(ctx, req.params.quilt_id ?? '', req.params.identifier ?? '', ctx.tagHeaders === 'all'),
  },
  {
    method: 'GET',
    template: '/v1/blobs/by-object-id/{blob_object_id}',
    fault: 'readBlob',
    handle: (ctx, req) => {
      checkReadOptions(req.url.searchParams);
      return readByObjectId(ctx, req.params.blob_object_id ?? '');
    },
  },
  { method: 'GET', template: '/v1/blobs/{blob_id}/byte-range', fault: 'readBlob', handle: (ctx, req) => readByteRange(ctx, req.params.blob_id ?? '', req.url.searchParams) },
  {
    method: 'GET',
    template: '/v1/blobs/{blob_id}',
    fault: 'readBlob',
    handle: (ctx, req) => {
      checkReadOptions(req.url.searchParams);
      return readBlob(ctx, req.params.blob_id ?? '', single(req.headers.range));
    },
  },
  { method: 'GET', template: '/v1/quilts/{quilt_id}/patches', fault: 'listPatches', handle: (ctx, req) => listPatches(ctx, req.params.quilt_id ?? '') },
];

/** Finds the route for a request; path parameters are percent-decoded single segments. */
export function matchRoute(method: string, pathname: string): { route: Route; params: Record<string, string> } | { methodNotAllowed: boolean } {
  const segments = pathname.split('/');
  let pathMatched = false;
  for (const route of ROUTES) {
    const params = matchTemplate(route.template, segments);
    if (!params) continue;
    // HEAD is GET without a body, as HTTP servers answer it (node drops the body itself).
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
    pathMatched = true;
  }
  return { methodNotAllowed: pathMatched };
}

function matchTemplate(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = template.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const segment = segments[i] ?? '';
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) {
      if (segment === '') return undefined;
      try {
        params[name] = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    } else if (part !== segment) return undefined;
  }
  return params;
}

/** The store's query, once an authenticated publisher has accepted the request's token. */
async function authorizedStore(ctx: ServerContext, req: RequestInfo) {
  const params = parseStoreParams(req.url.searchParams, ctx.maxEpochsAhead);
  await ctx.auth?.check(req.headers, params, bodySizeHint(req.headers));
  return params;
}

async function storeBlob(ctx: ServerContext, req: RequestInfo): Promise<Reply> {
  const params = await authorizedStore(ctx, req);
  const received = await ctx.payloads.receive(req.body, ctx.maxBlobSize);
  try {
    const blobId = await ctx.ids.compute({ path: received.tempPath });
    if (ctx.store.isBlocked(blobId)) throw statusError(451, 'the blob has been blocked', 'FORBIDDEN_BLOB');
    await ctx.payloads.commit(received, blobId);
    return jsonReply(registerBlob(ctx, { blobId, size: received.size }, params));
  } catch (error) {
    await ctx.payloads.discard(received);
    throw error;
  }
}

async function storeQuilt(ctx: ServerContext, req: RequestInfo): Promise<Reply> {
  const params = await authorizedStore(ctx, req);
  const patches = await readQuiltForm(req.headers, req.body, ctx.maxQuiltSize);
  // The official publisher refuses before registering anything, with the encoder's error in Rust's
  // debug form inside a MALFORMED_REQUEST: clients learn the patch limit (and so the shard count) from it.
  const malformed = (why: string) => statusError(400, `the request is malformed: failed to construct quilt: ClientError { kind: QuiltError(${why}) }`, 'MALFORMED_REQUEST');
  const limit = quiltPatchLimit(ctx.shards);
  if (patches.length > limit) throw malformed(`TooManyBlobs(${patches.length}, ${limit})`);
  let quilt;
  try {
    quilt = buildQuilt(patches, ctx.shards);
  } catch (error) {
    throw malformed(`Other(${JSON.stringify((error as Error).message)})`);
  }
  const quiltId = await ctx.ids.compute({ bytes: quilt.bytes });
  if (ctx.store.isBlocked(quiltId)) throw statusError(451, 'the blob has been blocked', 'FORBIDDEN_BLOB');
  await ctx.payloads.put(quiltId, quilt.bytes);
  const blobStoreResult = registerBlob(ctx, { blobId: quiltId, size: quilt.bytes.length }, params, quilt.index);
  const storedQuiltBlobs = quilt.index.map((p) => ({
    identifier: p.identifier,
    quiltPatchId: encodeQuiltPatchId({ quiltId, version: 1, start: p.start, end: p.end }),
    range: [p.start, p.end],
  }));
  return jsonReply({ blobStoreResult, storedQuiltBlobs });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
