// Read routes: blobs (whole, Range, byte-range, by object id), quilt patches by patch id or by quilt id +
// identifier, and the patch list. Expired or unknown blobs are 404, blocked ones 451.
import { encodeQuiltPatchId, isBlobId, isSuiAddress, parseQuiltPatchId } from '../walrus/ids.ts';
import type { ServerContext } from './context.ts';
import { patchFromRows, patchRowSpans, quiltGeometry } from '../walrus/quilt-layout.ts';
import { jsonReply, plainError, statusError, type Reply } from './reply.ts';
import type { QuiltPatchRecord } from './store.ts';

/** Tag names an aggregator turns into headers by default; anything else stays in the patch list. */
const ALLOWED_TAG_HEADERS = new Set(['content-type', 'content-disposition', 'content-encoding', 'content-language', 'content-location', 'link']);

/** The consistency flags of blob reads: each a strict boolean, and not both at once. */
export function checkReadOptions(query: URLSearchParams): void {
  const flags = ['strict_consistency_check', 'skip_consistency_check'].map((name) => {
    const value = query.get(name);
    if (value === null || value === 'false') return false;
    if (value === 'true') return true;
    throw plainError(400, `Failed to deserialize query string: ${name}: provided string was not \`true\` or \`false\``);
  });
  if (flags.every(Boolean)) throw statusError(400, 'strict and skipped consistency checks exclude each other', 'INVALID_READ_OPTIONS');
}

export function readBlob(ctx: ServerContext, blobId: string, range: string | undefined): Reply {
  const size = liveSize(ctx, checkBlobId(blobId));
  const headers = { 'content-type': 'application/octet-stream', etag: blobId };
  if (range === undefined) return { status: 200, headers, body: { file: ctx.payloads.pathOf(blobId), start: 0, length: size } };
  const match = /^bytes=(\d+)-(\d+)$/.exec(range.trim());
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  if (!match || start > end || end >= size) throw statusError(416, `unsatisfiable range ${range} for ${size} bytes`, 'INVALID_BYTE_RANGE');
  return {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${start}-${end}/${size}` },
    body: { file: ctx.payloads.pathOf(blobId), start, length: end - start + 1 },
  };
}

export function readByteRange(ctx: ServerContext, blobId: string, query: URLSearchParams): Reply {
  const start = queryInt(query, 'start');
  const length = queryInt(query, 'length');
  const size = liveSize(ctx, checkBlobId(blobId));
  if (length === 0 || start + length > size) {
    throw statusError(400, `byte range [${start}, ${start + length}) is not within the blob's ${size} bytes`, 'INVALID_BYTE_RANGE');
  }
  return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: { file: ctx.payloads.pathOf(blobId), start, length } };
}

export function readByObjectId(ctx: ServerContext, objectId: string): Reply {
  if (!isSuiAddress(objectId)) throw plainError(400, `Invalid URL: Cannot parse \`blob_object_id\` with value \`${objectId}\``);
  const object = ctx.store.getObject(objectId);
  if (!object || object.endEpoch <= ctx.clock.currentEpoch()) throw notFound(`no live blob object ${objectId}`);
  return readBlob(ctx, object.blobId, undefined);
}

export async function readPatchById(ctx: ServerContext, patchId: string, allHeaders: boolean): Promise<Reply> {
  let parts;
  try {
    parts = parseQuiltPatchId(patchId);
  } catch (error) {
    throw plainError(400, `Invalid URL: Cannot parse \`quilt_patch_id\`: ${(error as Error).message}`);
  }
  const size = liveSize(ctx, parts.quiltId);
  const patch = ctx.store.findPatch(parts.quiltId, { start: parts.start, end: parts.end });
  if (!patch) throw notFound(`the quilt has no patch at columns ${parts.start}..${parts.end}`, 'QUILT_PATCH_NOT_FOUND');
  return patchReply(ctx, parts.quiltId, size, patch, allHeaders);
}

export async function readPatchByIdentifier(ctx: ServerContext, quiltId: string, identifier: string, allHeaders: boolean): Promise<Reply> {
  const size = liveSize(ctx, checkBlobId(quiltId, 'quilt_id'));
  const patch = ctx.store.findPatch(quiltId, { identifier });
  if (!patch) throw notFound(`the quilt has no patch ${JSON.stringify(identifier)}`, 'QUILT_PATCH_NOT_FOUND');
  return patchReply(ctx, quiltId, size, patch, allHeaders);
}

export function listPatches(ctx: ServerContext, quiltId: string): Reply {
  liveSize(ctx, checkBlobId(quiltId, 'quilt_id'));
  const patches = ctx.store.listPatches(quiltId);
  if (patches.length === 0) throw notFound(`blob ${quiltId} is not a quilt`, 'QUILT_NOT_FOUND');
  return jsonReply(
    patches.map((p) => ({ identifier: p.identifier, patch_id: encodeQuiltPatchId({ quiltId, version: 1, start: p.start, end: p.end }), tags: p.tags })),
  );
}

/** Reads only the patch's columns from the quilt file (one span per row), never the whole quilt. */
async function patchReply(ctx: ServerContext, quiltId: string, size: number, patch: QuiltPatchRecord, allHeaders: boolean): Promise<Reply> {
  const geometry = quiltGeometry(size, ctx.shards);
  const rows = await ctx.payloads.readSpans(quiltId, patchRowSpans(geometry, patch.start, patch.end));
  const decoded = patchFromRows(geometry, patch.start, patch.end, rows);
  const headers: Record<string, string> = { 'x-quilt-patch-identifier': headerSafe(decoded.identifier), etag: quiltId };
  for (const [name, value] of Object.entries(decoded.tags)) {
    const lower = name.toLowerCase();
    if ((allHeaders || ALLOWED_TAG_HEADERS.has(lower)) && /^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(lower)) headers[lower] = headerSafe(value);
  }
  return { status: 200, headers, body: decoded.contents };
}

/** The size of a blob some object keeps alive, or the reason it cannot be read. */
function liveSize(ctx: ServerContext, blobId: string): number {
  if (ctx.store.isBlocked(blobId)) throw statusError(451, 'the requested blob has been blocked', 'FORBIDDEN_BLOB');
  const live = ctx.store.liveBlob(blobId, ctx.clock.currentEpoch());
  // Expired reads exactly like never stored, as on Walrus, whose storage nodes drop ended blobs.
  if (!live) throw notFound('the requested blob ID does not exist on Walrus, ensure that it was entered correctly');
  return live.size;
}

function checkBlobId(blobId: string, name = 'blob_id'): string {
  if (!isBlobId(blobId)) throw plainError(400, `Invalid URL: Cannot parse \`${name}\` with value \`${blobId}\` to a \`BlobId\``);
  return blobId;
}

function queryInt(query: URLSearchParams, name: string): number {
  const value = query.get(name);
  if (value === null) throw plainError(400, `Failed to deserialize query string: missing field \`${name}\``);
  if (!/^\d{1,15}$/.test(value)) throw plainError(400, `Failed to deserialize query string: ${name}: invalid digit found in string`);
  return Number(value);
}

function notFound(message: string, reason = 'BLOB_NOT_FOUND'): Error {
  return statusError(404, message, reason);
}

/** Header values must be visible ASCII; anything else is percent-encoded. */
function headerSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}
