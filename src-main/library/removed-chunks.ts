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

  /** A removal to fill as a change deletes chunks, then `record`. */
  start(): Removal {
    return new Removal(this.#maxChars - this.#chars);
  }

  /** Records the chunks a change that made `generation` removed. */
  record(generation: number, removal: Removal): void {
    if (!removal.complete) return this.forget(generation, true);
    if (!removal.chunks.length) return;
    this.#chars += removal.chars;
    this.#entries.push({ generation, chunks: removal.chunks });
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

/**
 * The chunks one change removes. Their text is read only while the log has room for it: a large removal's
 * text is not held in memory (the heads then check every head, or are rebuilt whole anyway).
 */
export class Removal {
  readonly chunks: RemovedChunk[] = [];
  readonly ids: number[] = [];
  chars = 0;
  complete = true;
  readonly #room: number;

  constructor(room: number) {
    this.#room = room;
  }

  /** Whether the next document's chunks should be read with their text. */
  get wantsText(): boolean {
    return this.complete && this.chars <= this.#room;
  }

  /** Adds a document's removed chunks (with their text, or ids only); returns their ids. */
  add(chunks: readonly RemovedChunk[] | readonly number[]): number[] {
    const ids = chunks.map((c) => (typeof c === 'number' ? c : c.id));
    this.ids.push(...ids);
    for (const chunk of chunks) {
      if (typeof chunk === 'number' || !this.complete) this.complete = false;
      else {
        this.chunks.push(chunk);
        this.chars += chunk.text.length;
      }
    }
    if (this.chars > this.#room) this.complete = false;
    if (!this.complete) this.chunks.length = 0;
    return ids;
  }
}
