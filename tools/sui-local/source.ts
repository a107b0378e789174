// An in-memory source for the local Sui RPC (src-main/walrus-local/sui-rpc): tests and demos fill it by hand.
import type { BlobObjectRecord, SuiLocalSource } from '../../src-main/walrus-local/sui-rpc/source.ts';

export type { BlobObjectRecord, SuiLocalSource, WalrusNetworkState } from '../../src-main/walrus-local/sui-rpc/source.ts';

/** An in-memory source, for tests and demos. */
export class MemorySuiSource implements SuiLocalSource {
  readonly #objects = new Map<string, BlobObjectRecord>();
  readonly #balances = new Map<string, Map<string, bigint>>();

  addBlobObject(record: BlobObjectRecord): void {
    this.#objects.set(record.objectId, record);
  }

  setBalance(owner: string, coinType: string, amount: bigint): void {
    const coins = this.#balances.get(owner) ?? new Map<string, bigint>();
    coins.set(coinType, amount);
    this.#balances.set(owner, coins);
  }

  listBlobObjects(owner: string): BlobObjectRecord[] {
    return [...this.#objects.values()].filter((o) => o.owner === owner);
  }

  getObject(objectId: string): BlobObjectRecord | undefined {
    return this.#objects.get(objectId);
  }

  balances(owner: string): Record<string, bigint> {
    return Object.fromEntries(this.#balances.get(owner) ?? []);
  }
}
