// Reading a snapshot's items back object by object: each quilt is read whole, once, and its items are cut
// out locally with the columns their patch ids carry (the QuiltV1 layout, quilt-layout.ts); blobs and parts
// of large items are read as they are. A quilt costs one request instead of one per item. An item whose
// slice does not open (bytes damaged in transit, a layout that does not match) is read again on its own by
// its patch id, so a bad byte costs one item's read, never the restore.
import { AppError } from '../../src-shared/contract/define.ts';
import { parseQuiltPatchId } from '../walrus/ids.ts';
import { toAppError, type WalrusClient } from '../walrus/index.ts';
import { readQuiltPatch } from '../walrus/quilt-layout.ts';
import { eachLimit, fetchItem, ItemIntegrityError, openItem } from './fetch.ts';
import type { BackupKeys } from './keys.ts';
import type { ManifestItem } from './manifest.ts';

export type ItemRead = { item: ManifestItem; plain: Uint8Array } | { item: ManifestItem; error: unknown; damaged: boolean };

export interface ItemReaderOptions {
  /** The network's shard count: it sets a quilt's column layout. */
  shards: number;
  signal?: AbortSignal;
  /** Objects read at once. A quilt is held whole while its items are opened (a full one is ~30 MB at 1000 shards). */
  concurrency?: number;
  /** Until when the item's object was stored (a 404 after it is an expiry); default the manifest's record. */
  endEpochOf?: (item: ManifestItem) => number;
  /** 'patch' reads every item on its own (the aggregator cuts it out): the way before whole-quilt reads. */
  readBy?: 'object' | 'patch';
}

type Unit = { quiltId: string; items: { item: ManifestItem; start: number; end: number }[] } | { item: ManifestItem };

/** Reads every item once (or twice if damaged), handing each to `onRead` as soon as it is open or has failed. */
export async function readItems(walrus: WalrusClient, keys: BackupKeys, items: readonly ManifestItem[], options: ItemReaderOptions, onRead: (read: ItemRead) => Promise<void>): Promise<void> {
  const byObject = options.readBy !== 'patch';
  const units = byObject ? unitsByObject(items) : items.map((item) => ({ item }));
  const reader = new UnitReader(walrus, keys, options, onRead);
  await eachLimit(units, options.concurrency ?? (byObject ? 4 : 8), (unit) => ('quiltId' in unit ? reader.quilt(unit) : reader.single(unit.item)));
}

/** Items grouped by the quilt holding them, in the order they are first needed; blobs and parts alone. */
function unitsByObject(items: readonly ManifestItem[]): Unit[] {
  const units: Unit[] = [];
  const quilts = new Map<string, Extract<Unit, { quiltId: string }>>();
  for (const item of items) {
    if (item.location.type !== 'patch') {
      units.push({ item });
      continue;
    }
    const { quiltId, start, end } = parseQuiltPatchId(item.location.patchId);
    let unit = quilts.get(quiltId);
    if (!unit) {
      unit = { quiltId, items: [] };
      quilts.set(quiltId, unit);
      units.push(unit);
    }
    unit.items.push({ item, start, end });
  }
  return units;
}

class UnitReader {
  readonly #walrus: WalrusClient;
  readonly #keys: BackupKeys;
  readonly #options: ItemReaderOptions;
  readonly #onRead: (read: ItemRead) => Promise<void>;

  constructor(walrus: WalrusClient, keys: BackupKeys, options: ItemReaderOptions, onRead: (read: ItemRead) => Promise<void>) {
    this.#walrus = walrus;
    this.#keys = keys;
    this.#options = options;
    this.#onRead = onRead;
  }

  async quilt(unit: Extract<Unit, { quiltId: string }>): Promise<void> {
    const { signal } = this.#options;
    signal?.throwIfAborted();
    const endEpoch = Math.max(...unit.items.map(({ item }) => this.#endEpoch(item)));
    let quilt: Uint8Array | undefined;
    try {
      quilt = await this.#walrus.retrieveBlob(unit.quiltId, { ...(signal ? { signal } : {}), endEpoch });
    } catch (error) {
      signal?.throwIfAborted();
      const failure = toAppError(error);
      // Gone (expired or never there): so is every patch in it. Unreachable: so is every patch read.
      if (failure.code === 'not_found') {
        for (const { item } of unit.items) await this.#onRead({ item, error: failure, damaged: false });
        return;
      }
      if (failure.code === 'unavailable') throw failure;
      // Anything else (e.g. a quilt over the aggregator's size limit): item by item, as the aggregator cuts them.
    }
    for (const { item, start, end } of unit.items) {
      const plain = quilt && this.#slice(quilt, item, start, end);
      if (plain) await this.#onRead({ item, plain });
      else await this.single(item);
    }
  }

  async single(item: ManifestItem): Promise<void> {
    const { signal } = this.#options;
    signal?.throwIfAborted();
    let plain: Uint8Array;
    try {
      plain = await fetchItem(this.#walrus, this.#keys, item, signal, this.#endEpoch(item));
    } catch (error) {
      signal?.throwIfAborted();
      await this.#onRead({ item, error, damaged: error instanceof ItemIntegrityError });
      return;
    }
    await this.#onRead({ item, plain });
  }

  /** The item cut out of its quilt and opened, or undefined when that fails (it is then read on its own). */
  #slice(quilt: Uint8Array, item: ManifestItem, start: number, end: number): Uint8Array | undefined {
    try {
      const opened = openItem(this.#keys, item, readQuiltPatch(quilt, this.#options.shards, start, end).contents);
      return opened instanceof AppError ? undefined : opened;
    } catch {
      return undefined;
    }
  }

  #endEpoch(item: ManifestItem): number {
    return this.#options.endEpochOf?.(item) ?? item.endEpoch;
  }
}
