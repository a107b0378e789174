// Walrus' current epoch as last seen: every store reports its end epoch, and end − epochs bought is the
// epoch it was made in; the network itself (Sui) says the epoch and the epoch length when it is asked.
// Between observations the estimate advances by the epoch length (the network's once known, else the
// configured one), so an item is treated as expiring early rather than late. Each deployment has its own
// epochs (a local server counts from 0, testnet is in the hundreds), so the estimate is kept per deployment.
import { networkStateIfKnown, type NetworkState, type NetworkStateReader } from '../walrus/index.ts';
import type { BackupDb } from './backup-db.ts';

export class EpochEstimate {
  readonly #db: BackupDb;
  readonly #epochMs: number;
  readonly #now: () => number;

  constructor(db: BackupDb, epochMs: number, now: () => number) {
    this.#db = db;
    this.#epochMs = epochMs;
    this.#now = now;
  }

  /** Epochs only move forward: an older report (a store whose answer was lost counts from the last seen) changes nothing. */
  observe(epoch: number): void {
    const seen = this.lastSeen();
    if (seen !== undefined && epoch < seen) return;
    this.#db.setMeta(this.#key(), JSON.stringify({ epoch, at: this.#now() }));
  }

  /** The latest epoch a store reported (a lower bound of the current one), if any. */
  lastSeen(): number | undefined {
    const raw = this.#db.getMeta(this.#key());
    return raw ? (JSON.parse(raw) as { epoch: number }).epoch : undefined;
  }

  /** What the network reported: its epoch now, and its real epoch length from then on. */
  observeNetwork(state: Pick<NetworkState, 'currentEpoch' | 'epochDurationMs'>): void {
    this.observe(state.currentEpoch);
    this.#db.setMeta(this.#key('epochMs'), String(state.epochDurationMs));
  }

  get #epochLength(): number {
    return this.length().ms;
  }

  /** How long an epoch lasts: as the network reported it, else the length assumed for the network in use. */
  length(): { ms: number; fromNetwork: boolean } {
    const learned = Number(this.#db.getMeta(this.#key('epochMs')));
    return learned > 0 ? { ms: learned, fromNetwork: true } : { ms: this.#epochMs, fromNetwork: false };
  }

  /** 0 before any store was seen. */
  current(): number {
    const raw = this.#db.getMeta(this.#key());
    if (!raw) return 0;
    const { epoch, at } = JSON.parse(raw) as { epoch: number; at: number };
    return epoch + Math.max(0, Math.floor((this.#now() - at) / this.#epochLength));
  }

  /** The meta key of `name` (the epoch seen, or the epoch length learned) for the deployment in use. */
  #key(name: 'epoch' | 'epochMs' = 'epoch'): string {
    const deployment = this.#db.deployment;
    return deployment === null ? name : `${name} ${deployment}`;
  }

  /** When `endEpoch` begins, by the same estimate. */
  dateOf(endEpoch: number): string {
    const raw = this.#db.getMeta(this.#key());
    if (!raw) return new Date(this.#now()).toISOString();
    const { epoch, at } = JSON.parse(raw) as { epoch: number; at: number };
    return new Date(at + (endEpoch - epoch) * this.#epochLength).toISOString();
  }
}

/** How long a pass waits for the deployment's epoch before going on with the estimate. */
const LEARN_EPOCHS_MS = 5000;

/**
 * What the deployment says about its epoch and epoch length, asked at the start of a pass (nothing is claimed
 * when it cannot be asked). A hung network gets a few seconds: the pass goes on with the estimate.
 */
export async function learnEpochs(estimate: EpochEstimate, reader: NetworkStateReader | undefined, waitMs = LEARN_EPOCHS_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const givenUp = new Promise<undefined>((resolve) => void (timer = setTimeout(() => resolve(undefined), waitMs)));
  try {
    const state = await Promise.race([networkStateIfKnown(reader), givenUp]);
    if (state) estimate.observeNetwork(state);
  } finally {
    clearTimeout(timer);
  }
}
