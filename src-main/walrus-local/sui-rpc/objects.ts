// Walrus blob records rendered as Sui JSON-RPC `SuiObjectData`, honouring the `options` flags the
// way a full node does: objectId, version and digest always, the rest on request.
import { createHash } from 'node:crypto';
import { toBase58 } from '@mysten/sui/utils';
import { blobIdToU256 } from '../../wallet/blob-id-u256.ts';
import type { BlobObjectRecord } from './source.ts';

export interface ObjectDataOptions {
  showType?: boolean;
  showOwner?: boolean;
  showPreviousTransaction?: boolean;
  showContent?: boolean;
  showStorageRebate?: boolean;
  showDisplay?: boolean;
  showBcs?: boolean;
}

/** RS2, the encoding Walrus uses today (`encoding_type` in the Move object). */
const ENCODING_RS2 = 1;

export function blobStructType(walrusPackageId: string): string {
  return `${walrusPackageId}::blob::Blob`;
}

export function toSuiObjectData(record: BlobObjectRecord, walrusPackageId: string, options: ObjectDataOptions = {}): Record<string, unknown> {
  const type = blobStructType(walrusPackageId);
  const data: Record<string, unknown> = {
    objectId: record.objectId,
    version: '1',
    digest: toBase58(createHash('sha256').update(`${record.objectId}/${record.endEpoch}`).digest()),
  };
  if (options.showType) data.type = type;
  if (options.showOwner) data.owner = record.owner ? { AddressOwner: record.owner } : { ObjectOwner: record.objectId };
  if (options.showPreviousTransaction) data.previousTransaction = record.txDigest;
  if (options.showStorageRebate) data.storageRebate = '0';
  if (options.showDisplay) data.display = { data: null, error: null };
  if (options.showContent) {
    data.content = {
      dataType: 'moveObject',
      type,
      hasPublicTransfer: true,
      fields: {
        id: { id: record.objectId },
        registered_epoch: record.registeredEpoch,
        blob_id: blobIdToU256(record.blobId),
        size: String(record.size),
        encoding_type: ENCODING_RS2,
        certified_epoch: record.certifiedEpoch,
        storage: {
          type: `${walrusPackageId}::storage_resource::Storage`,
          fields: { id: { id: record.storageId }, start_epoch: record.startEpoch, end_epoch: record.endEpoch, storage_size: String(record.encodedLength) },
        },
        deletable: record.deletable,
      },
    };
  }
  return data;
}
