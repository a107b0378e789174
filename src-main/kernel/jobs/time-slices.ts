// Long loops on the main thread (graph inserts, index rebuilds) give the event loop a turn once their
// current slice has run for a few milliseconds, so a search or an IPC request waits at most about that
// long. A count of items per slice would not do: a graph insert takes 0.3 ms in a small graph and 0.9 ms
// in one of 100k chunks, so 256 inserts held the thread for 0.2 s there.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** How long a slice may run before it yields. */
export const SLICE_MS = 8;

export class TimeSlices {
  readonly #sliceMs: number;
  readonly #now: () => number;
  #sliceStart: number;

  constructor(sliceMs = SLICE_MS, now: () => number = () => performance.now()) {
    this.#sliceMs = sliceMs;
    this.#now = now;
    this.#sliceStart = now();
  }

  /** Yields to the event loop when the current slice has run its time (then true); otherwise returns at once. */
  async pause(): Promise<boolean> {
    if (this.#now() - this.#sliceStart < this.#sliceMs) return false;
    await yieldToEventLoop();
    this.#sliceStart = this.#now();
    return true;
  }
}
