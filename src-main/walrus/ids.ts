// Walrus identifiers in their official wire formats, shared by the client and the local server.
// Blob ids come from the real encoder (@mysten/walrus-wasm), so the same bytes and shard count give
// the id real Walrus would give.
import type { BlobEncoder } from '@mysten/walrus-wasm';

export const BLOB_ID_BYTES = 32;
export const QUILT_PATCH_ID_BYTES = BLOB_ID_BYTES + 5;
export const QUILT_PATCH_VERSION = 1;

export interface QuiltPatchIdParts {
  quiltId: string;
  version: number;
  /** First column of the patch inside the quilt (inclusive). */
  start: number;
  /** End column (exclusive). */
  end: number;
}

export class InvalidWalrusIdError extends Error {
  readonly code = 'INVALID_WALRUS_ID';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWalrusIdError';
  }
}

const URL_SAFE_BASE64 = /^[A-Za-z0-9_-]*$/;

export function toUrlSafeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Strict decoding: rejects padding, foreign characters and non-canonical trailing bits. */
export function fromUrlSafeBase64(text: string): Uint8Array {
  if (!URL_SAFE_BASE64.test(text) || text.length % 4 === 1) {
    throw new InvalidWalrusIdError(`not URL-safe base64 without padding: ${JSON.stringify(text)}`);
  }
  const bytes = new Uint8Array(Buffer.from(text, 'base64url'));
  // Two spellings can decode to the same bytes; only the canonical one names an object.
  if (toUrlSafeBase64(bytes) !== text) throw new InvalidWalrusIdError(`non-canonical base64: ${JSON.stringify(text)}`);
  return bytes;
}

export function blobIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== BLOB_ID_BYTES) throw new InvalidWalrusIdError(`a blob id has ${BLOB_ID_BYTES} bytes, got ${bytes.length}`);
  return toUrlSafeBase64(bytes);
}

export function blobIdToBytes(blobId: string): Uint8Array {
  const bytes = fromUrlSafeBase64(blobId);
  if (bytes.length !== BLOB_ID_BYTES) throw new InvalidWalrusIdError(`a blob id has ${BLOB_ID_BYTES} bytes, got ${bytes.length}`);
  return bytes;
}

export function isBlobId(value: string): boolean {
  return value.length === 43 && tryDecode(value)?.length === BLOB_ID_BYTES;
}

export function encodeQuiltPatchId(parts: QuiltPatchIdParts): string {
  for (const [name, value] of [['start', parts.start], ['end', parts.end]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new InvalidWalrusIdError(`${name} must be a u16, got ${value}`);
  }
  if (!Number.isInteger(parts.version) || parts.version < 0 || parts.version > 0xff) {
    throw new InvalidWalrusIdError(`version must be a u8, got ${parts.version}`);
  }
  const bytes = new Uint8Array(QUILT_PATCH_ID_BYTES);
  bytes.set(blobIdToBytes(parts.quiltId), 0);
  const view = new DataView(bytes.buffer);
  view.setUint8(BLOB_ID_BYTES, parts.version);
  view.setUint16(BLOB_ID_BYTES + 1, parts.start, true);
  view.setUint16(BLOB_ID_BYTES + 3, parts.end, true);
  return toUrlSafeBase64(bytes);
}

/** Layout: quilt id (32 bytes) + version (u8) + start column (u16 LE) + end column (u16 LE). */
export function parseQuiltPatchId(patchId: string): QuiltPatchIdParts {
  const bytes = fromUrlSafeBase64(patchId);
  if (bytes.length !== QUILT_PATCH_ID_BYTES) {
    throw new InvalidWalrusIdError(`a quilt patch id has ${QUILT_PATCH_ID_BYTES} bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(BLOB_ID_BYTES);
  if (version !== QUILT_PATCH_VERSION) throw new InvalidWalrusIdError(`unsupported quilt patch id version ${version}`);
  return {
    quiltId: blobIdFromBytes(bytes.subarray(0, BLOB_ID_BYTES)),
    version,
    start: view.getUint16(BLOB_ID_BYTES + 1, true),
    end: view.getUint16(BLOB_ID_BYTES + 3, true),
  };
}

export function isQuiltPatchId(value: string): boolean {
  try {
    parseQuiltPatchId(value);
    return true;
  } catch {
    return false;
  }
}

/** Sui object ids and addresses: 0x + 64 hex digits. */
export function isSuiAddress(value: string): boolean {
  return /^0x[0-9a-fA-F]{64}$/.test(value);
}

const encoders = new Map<number, BlobEncoder>();

/**
 * The real Walrus blob id of `bytes` for a committee of `nShards` (mainnet and testnet: 1000).
 * Synchronous WASM underneath: ~20 ms at 100 shards for small blobs, ~2 s at 1000 shards.
 */
export async function computeBlobId(bytes: Uint8Array, nShards: number): Promise<string> {
  let encoder = encoders.get(nShards);
  if (!encoder) {
    const wasm = await import('@mysten/walrus-wasm');
    encoder = new wasm.BlobEncoder(nShards);
    encoders.set(nShards, encoder);
  }
  const metadata: unknown = encoder.compute_metadata(bytes);
  if (!Array.isArray(metadata) || !Array.isArray(metadata[0])) throw new Error('unexpected metadata shape from BlobEncoder');
  return blobIdFromBytes(Uint8Array.from(metadata[0] as number[]));
}

function tryDecode(text: string): Uint8Array | undefined {
  try {
    return fromUrlSafeBase64(text);
  } catch {
    return undefined;
  }
}
