// Client-side encryption of everything a backup sends: AES-256-GCM with a random 96-bit nonce per
// message, the item's content hash as associated data (a patch swapped for another fails to open),
// and opaque identifiers (HMAC of the content hash) so Walrus never sees a name or any text.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { AppError } from '../../src-shared/contract/define.ts';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Compresses, then seals: [version][nonce][ciphertext][tag]. Compression first, since ciphertext does not compress. */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(deflateRawSync(plaintext)), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]);
}

/** Opens a sealed message; any change to it, its key or its associated data is an authentication error. */
export function open(key: Uint8Array, sealed: Uint8Array, aad: string, what: string): Uint8Array {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buf.length < 1 + NONCE_BYTES + TAG_BYTES || buf[0] !== VERSION) {
    throw new AppError('remote_error', `${what} is not a PDW encrypted object (damaged, or from another format version).`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(1, 1 + NONCE_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
  let compressed: Buffer;
  try {
    compressed = Buffer.concat([decipher.update(buf.subarray(1 + NONCE_BYTES, buf.length - TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new AppError('remote_error', `${what} failed authentication: it was altered, or it was encrypted with another wallet's keys.`, { cause: error });
  }
  return inflateRawSync(compressed);
}

/** The quilt patch identifier of an item: a keyed hash, so equal content gets equal names only under our key. */
export function opaqueIdentifier(identifiersKey: Uint8Array, contentHash: string): string {
  return createHmac('sha256', identifiersKey).update(`item:${contentHash}`).digest('hex');
}

export const itemAad = (contentHash: string) => `pdw/item/v1:${contentHash}`;
export const MANIFEST_AAD = 'pdw/manifest/v1';
