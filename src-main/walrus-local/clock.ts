// Walrus epochs for the local server. The genesis time is persisted so the epoch survives a restart;
// tests move time forward with advanceEpochs instead of waiting.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';

const ClockFile = z.object({ genesisMs: z.number(), advancedEpochs: z.number().int().min(0) });
type ClockState = z.infer<typeof ClockFile>;

/** Real networks are long past epoch 0; starting at 1 keeps "epoch 0" free as an obvious bug. */
const FIRST_EPOCH = 1;

export class EpochClock {
  readonly epochSeconds: number;
  #state: ClockState;
  readonly #path: string;
  #saving: Promise<void> = Promise.resolve();

  private constructor(path: string, state: ClockState, epochSeconds: number) {
    this.#path = path;
    this.#state = state;
    this.epochSeconds = epochSeconds;
  }

  static async open(dataDir: string, epochSeconds: number): Promise<EpochClock> {
    if (!(epochSeconds > 0)) throw new RangeError(`epochSeconds must be positive, got ${epochSeconds}`);
    const path = join(dataDir, 'clock.json');
    const existing = await readFile(path, 'utf8').then(
      (text) => ClockFile.parse(JSON.parse(text)),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      },
    );
    const clock = new EpochClock(path, existing ?? { genesisMs: Date.now(), advancedEpochs: 0 }, epochSeconds);
    if (!existing) await clock.#save();
    return clock;
  }

  currentEpoch(): number {
    const elapsed = Math.floor((Date.now() - this.#state.genesisMs) / (this.epochSeconds * 1000));
    return FIRST_EPOCH + Math.max(0, elapsed) + this.#state.advancedEpochs;
  }

  /** When `epoch` began (or begins) on this clock: advanced epochs moved the whole schedule back in time. */
  epochStartMs(epoch: number): number {
    return this.#state.genesisMs + (epoch - FIRST_EPOCH - this.#state.advancedEpochs) * this.epochSeconds * 1000;
  }

  advanceEpochs(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`can only advance by a whole, non-negative number of epochs, got ${n}`);
    this.#state = { ...this.#state, advancedEpochs: this.#state.advancedEpochs + n };
    void this.#save();
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.#saving;
  }

  #save(): Promise<void> {
    const snapshot = JSON.stringify(this.#state);
    this.#saving = this.#saving.then(() => writeFileAtomic(this.#path, snapshot));
    return this.#saving;
  }
}
