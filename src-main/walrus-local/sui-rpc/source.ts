// What the local Sui RPC answers from: the Walrus blob objects a local Walrus server created (same
// fields as its store's records, so its store can be passed in as is) and coin balances.

/** A Walrus `Blob` Move object as the local Walrus server records it. */
export interface BlobObjectRecord {
  objectId: string;
  /** URL-safe base64 blob id. */
  blobId: string;
  /** Address holding the object; null when it is wrapped in a shared blob (then no one owns it). */
  owner: string | null;
  size: number;
  /** Encoded size paid for: the storage resource's `storage_size`. */
  encodedLength: number;
  registeredEpoch: number;
  certifiedEpoch: number | null;
  storageId: string;
  startEpoch: number;
  /** Exclusive. */
  endEpoch: number;
  deletable: boolean;
  /** Digest of the transaction that last touched the object. */
  txDigest: string;
}

/** What the Walrus staking object says now. */
export interface WalrusNetworkState {
  epoch: number;
  nShards: number;
  epochDurationMs: number;
  /** When epoch 1 began (ms since 1970). */
  firstEpochStartMs: number;
  /** When the current epoch began. */
  epochStartMs: number;
}

export interface SuiLocalSource {
  listBlobObjects(owner: string): BlobObjectRecord[];
  /** The Walrus network's state; absent: the staking object does not exist on this node. */
  walrusState?(): WalrusNetworkState;
  getObject(objectId: string): BlobObjectRecord | undefined;
  /** Coin type → balance in the coin's smallest unit. */
  balances(owner: string): Record<string, bigint>;
}
