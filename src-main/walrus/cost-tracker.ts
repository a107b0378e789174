// Records every Walrus operation the client performs, with the cost the publisher reported beside the
// cost the official formula (cost.ts) predicts, so a user can see what backups really spend.
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { blobCost, DEFAULT_PRICES, quiltPatchSizeOf, quiltUnencodedSize, type WalrusPrices } from './cost.ts';

export type WalrusOperationKind = 'storeBlob' | 'storeQuilt' | 'retrieveBlob' | 'retrievePatch' | 'listPatches';

export interface CostRecord {
  at: string;
  operation: WalrusOperationKind;
  /** Unencoded bytes sent (stores) or received (reads). */
  bytes: number;
  patches: number;
  /** Epochs bought; 0 for reads. */
  epochs: number;
  /** FROST the publisher reported; 0 for reads and already-certified content. */
  reportedCost: number;
  /** FROST the formula predicts for a fresh registration of what was sent; 0 for reads. */
  estimatedCost: number;
  /** Blob, quilt or patch ids involved. */
  ids: string[];
  alreadyCertified?: boolean;
}

export interface StoreRecordInput {
  operation: 'storeBlob' | 'storeQuilt';
  bytes: number;
  epochs: number;
  reportedCost: number;
  ids: string[];
  alreadyCertified: boolean;
  /** Quilt stores: each patch's identifier, tags and size, for the quilt layout estimate. */
  patches?: { identifier: string; tags: Record<string, string>; size: number }[];
}

export interface CostSummary {
  operations: number;
  stores: number;
  reads: number;
  bytesStored: number;
  bytesRead: number;
  patchesStored: number;
  totalCost: number;
  estimatedCost: number;
  /** Reported FROST per stored byte; 0 before anything was stored. */
  costPerByte: number;
}

export interface CostTrackerOptions {
  shards?: number;
  prices?: WalrusPrices;
  /** Oldest records are dropped beyond this many; the summary keeps counting them. */
  maxRecords?: number;
}

export class CostTracker {
  /** The committee size estimates use; the client updates it when it learns the deployment's. */
  shards: number;
  readonly prices: WalrusPrices;
  readonly #maxRecords: number;
  #records: CostRecord[] = [];
  #totals: CostSummary = emptySummary();

  constructor(options: CostTrackerOptions = {}) {
    this.shards = options.shards ?? 1000;
    this.prices = options.prices ?? DEFAULT_PRICES;
    this.#maxRecords = options.maxRecords ?? 10_000;
  }

  /** What the formula says storing this would cost, for a blob or a quilt of these patches. */
  estimate(input: Pick<StoreRecordInput, 'operation' | 'bytes' | 'epochs' | 'patches'>): number {
    const options = { shards: this.shards, epochs: input.epochs, prices: this.prices };
    if (input.operation === 'storeQuilt' && input.patches?.length) {
      const sizes = input.patches.map((p) => quiltPatchSizeOf(p.identifier, p.tags, p.size));
      return blobCost(quiltUnencodedSize(sizes, this.shards), options).cost;
    }
    return blobCost(input.bytes, options).cost;
  }

  recordStore(input: StoreRecordInput): CostRecord {
    return this.#push({
      at: new Date().toISOString(),
      operation: input.operation,
      bytes: input.bytes,
      patches: input.patches?.length ?? 0,
      epochs: input.epochs,
      reportedCost: input.reportedCost,
      estimatedCost: this.estimate(input),
      ids: input.ids,
      alreadyCertified: input.alreadyCertified,
    });
  }

  recordRead(operation: 'retrieveBlob' | 'retrievePatch' | 'listPatches', bytes: number, ids: string[]): CostRecord {
    return this.#push({ at: new Date().toISOString(), operation, bytes, patches: 0, epochs: 0, reportedCost: 0, estimatedCost: 0, ids });
  }

  operations(): readonly CostRecord[] {
    return this.#records;
  }

  summary(): CostSummary {
    const t = this.#totals;
    return { ...t, costPerByte: t.bytesStored === 0 ? 0 : t.totalCost / t.bytesStored };
  }

  reset(): void {
    this.#records = [];
    this.#totals = emptySummary();
  }

  /** Writes the records and summary as JSON, atomically. */
  async save(path: string): Promise<void> {
    await writeFileAtomic(path, JSON.stringify({ summary: this.summary(), operations: this.#records }, null, 2));
  }

  #push(record: CostRecord): CostRecord {
    this.#records.push(record);
    if (this.#records.length > this.#maxRecords) this.#records.splice(0, this.#records.length - this.#maxRecords);
    const t = this.#totals;
    t.operations += 1;
    if (record.operation === 'storeBlob' || record.operation === 'storeQuilt') {
      t.stores += 1;
      t.bytesStored += record.bytes;
      t.patchesStored += record.patches;
      t.totalCost += record.reportedCost;
      t.estimatedCost += record.estimatedCost;
    } else {
      t.reads += 1;
      t.bytesRead += record.bytes;
    }
    return record;
  }
}

function emptySummary(): CostSummary {
  return { operations: 0, stores: 0, reads: 0, bytesStored: 0, bytesRead: 0, patchesStored: 0, totalCost: 0, estimatedCost: 0, costPerByte: 0 };
}
