// The query of PUT /v1/blobs and PUT /v1/quilts. Values that fail to parse are plain-text 400s, as the
// real services' query extractor answers; contradictory or out-of-range values are JSON `Status` 400s.
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { isSuiAddress } from '../walrus/ids.ts';
import { plainError, statusError } from './reply.ts';

export interface StoreParams {
  epochs: number;
  permanent: boolean;
  force: boolean;
  sendObjectTo: string | undefined;
  share: boolean;
}

export function parseStoreParams(query: URLSearchParams, maxEpochsAhead: number): StoreParams {
  const epochs = parseU32(query, 'epochs') ?? 1;
  const deletable = parseBool(query, 'deletable');
  const permanent = parseBool(query, 'permanent');
  const force = parseBool(query, 'force') ?? false;
  const share = parseBool(query, 'share') ?? false;
  parseBool(query, 'reuse_resources');
  const sendObjectTo = query.get('send_object_to') ?? undefined;
  if (sendObjectTo !== undefined && !isSuiAddress(sendObjectTo)) {
    throw deserializeError(`send_object_to: invalid Sui address ${JSON.stringify(sendObjectTo)}`);
  }
  const encoding = query.get('encoding_type');
  if (encoding !== null && encoding !== 'RS2') throw deserializeError(`encoding_type: unknown variant \`${encoding}\`, expected \`RS2\``);
  const quiltVersion = query.get('quilt_version');
  if (quiltVersion !== null && !['v1', 'V1', '1'].includes(quiltVersion)) {
    throw deserializeError(`quilt_version: unknown quilt version ${JSON.stringify(quiltVersion)}`);
  }
  if (deletable === true && permanent === true) {
    throw statusError(400, 'the blob cannot be both deletable and permanent', 'INVALID_BLOB_PERSISTENCE');
  }
  if (sendObjectTo !== undefined && share) {
    throw statusError(400, 'the blob cannot be both sent to an address and shared', 'INVALID_SEND_OR_SHARE');
  }
  if (epochs < 1 || epochs > maxEpochsAhead) {
    throw statusError(400, `epochs must be between 1 and ${maxEpochsAhead}, got ${epochs}`, 'INVALID_EPOCHS_AHEAD');
  }
  // Owners are kept in Sui's canonical spelling so the local Sui RPC finds them whatever case was sent.
  return { epochs, permanent: permanent === true, force, sendObjectTo: sendObjectTo === undefined ? undefined : normalizeSuiAddress(sendObjectTo), share };
}

function parseBool(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw deserializeError(`${name}: provided string was not \`true\` or \`false\``);
}

function parseU32(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffffffff) throw deserializeError(`${name}: invalid digit found in string`);
  return Number(value);
}

function deserializeError(detail: string): Error {
  return plainError(400, `Failed to deserialize query string: ${detail}`);
}
