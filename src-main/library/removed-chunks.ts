// The chunks removed from the catalog while it is open, with their text, kept until search's keyword heads
// have caught up with them. A removed chunk's words leave the catalog with it; without them, finding the heads
// a removal touched means counting every stored head's term again (15,000 posting lists at a million chunks).
// Memory only and bounded: after a restart, or past the bound, the heads fall back to that count.

export interface RemovedChunk {
  id: number;
  text: string;
}

/** Characters of removed text kept (about 40,000 chunks): a larger removal rebuilds every head anyway. */
const DEFAULT_MAX_CHARS = 32 * 1024 * 1024;

export class RemovedChunkLog {
  /** Every removal of a later generation than this one is in #entries. */
  #from: number;
  #entries: { generation: number; chunks: RemovedChunk[] }[] = [];
  #chars = 0;
  readonly #maxChars: number;

  constructor(generation: number, maxChars = DEFAULT_MAX_CHARS) {
    this.#from = generation;
    this.#maxChars = maxChars;
  }

  /** Records the chunks a change that made `generation` removed. */
  record(generation: number, chunks: readonly RemovedChunk[]): void {
    if (!chunks.length) return;
    this.#chars += chunks.reduce((sum, c) => sum + c.text.length, 0);
    this.#entries.push({ generation, chunks: [...chunks] });
    if (this.#chars > this.#maxChars) this.forget(generation, true);
  }

  /** The chunks removed after `generation`, or null when some of them are no longer known. */
  since(generation: number): RemovedChunk[] | null {
    if (generation < this.#from) return null;
    return this.#entries.filter((e) => e.generation > generation).flatMap((e) => e.chunks);
  }

  /** Drops the removals up to `generation` (caught up with), or marks them unknown with `lost`. */
  forget(generation: number, lost = false): void {
    this.#entries = this.#entries.filter((e) => e.generation > generation);
    this.#chars = this.#entries.reduce((sum, e) => sum + e.chunks.reduce((s, c) => s + c.text.length, 0), 0);
    if (lost) this.#from = Math.max(this.#from, generation);
  }
}
