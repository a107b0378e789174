// When the next renewal acts and what it will cost, so a pass that renewed nothing can say why: every kept
// object has more than `renewWithinEpochs` left. The first object to end sets the epoch renewal acts at (its
// end − the threshold); the objects due then are those within the threshold of that epoch. Cost: the cost
// model's price of storing each one again for the storage epochs (quilts at their full symbol matrix; a quilt
// over one request's limit is repacked instead, which costs about the same for its live items).
import type { RenewalForecast } from '../../src-shared/contract/backup.ts';
import { blobCost, quiltPatchSizeOf, quiltUnencodedSize, type WalrusPrices } from '../walrus/cost.ts';
import type { BackupDb } from './backup-db.ts';
import type { EpochEstimate } from './epoch-estimate.ts';
import type { KeptObject } from './renewal-plan.ts';

export const FROST_PER_WAL = 1_000_000_000;
/** The identifier of a patch is the hex HMAC of its content hash: 64 characters. */
const IDENTIFIER = '0'.repeat(64);

export interface ForecastOptions {
  renewWithinEpochs: number;
  storageEpochs: number;
  shards: number;
  prices?: WalrusPrices;
}

export function renewalForecast(db: BackupDb, epochs: EpochEstimate, o: ForecastOptions): RenewalForecast | null {
  const current = epochs.current();
  const objects = new Map<string, KeptObject>();
  for (const k of db.keptObjects()) {
    const known = objects.get(k.objectId);
    if (!known || k.endEpoch > known.endEpoch) objects.set(k.objectId, k);
  }
  const live = [...objects.values()].filter((k) => k.endEpoch > current);
  if (!live.length) return null;
  const firstEnd = Math.min(...live.map((k) => k.endEpoch));
  const epoch = Math.max(current, firstEnd - o.renewWithinEpochs);
  const due = live.filter((k) => k.endEpoch - epoch <= o.renewWithinEpochs);
  const cost = due.reduce((sum, k) => sum + blobCost(unencodedSizeOf(db, k, o.shards), { shards: o.shards, epochs: o.storageEpochs, ...(o.prices ? { prices: o.prices } : {}) }).cost, 0);
  return { epoch, at: epochs.dateOf(epoch), renewWithinEpochs: o.renewWithinEpochs, objects: due.length, cost, wal: cost / FROST_PER_WAL };
}

/** An object's size as stored: a quilt's whole matrix, a part's slice, an item's sealed bytes; a manifest's is not recorded (0: the fixed overhead dominates). */
function unencodedSizeOf(db: BackupDb, k: KeptObject, shards: number): number {
  const items = db.itemsIn(k.objectId);
  if (k.type === 'quilt') return quiltUnencodedSize(items.map((i) => quiltPatchSizeOf(IDENTIFIER, {}, i.storedSize)), shards);
  const item = items[0];
  if (!item) return 0;
  if (item.location.type === 'parts') return item.location.parts.find((p) => p.blobId === k.objectId)?.size ?? item.storedSize;
  return item.storedSize;
}
