// Walrus blob ids as Move stores them: a u256 whose 32 little-endian bytes (BCS) are the blob id.
// Shared by the wallet's blob discovery and the local Sui RPC that publishes blob objects.
import { blobIdFromBytes, blobIdToBytes } from '../walrus/ids.ts';

export function blobIdFromU256(decimal: string): string {
  let value = BigInt(decimal);
  if (value < 0n || value >= 1n << 256n) throw new RangeError('a blob id does not fit in a u256');
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return blobIdFromBytes(bytes);
}

/** The inverse, for servers that publish blob objects (the local Sui RPC). */
export function blobIdToU256(blobId: string): string {
  const bytes = blobIdToBytes(blobId);
  let value = 0n;
  for (let i = 31; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value.toString();
}
