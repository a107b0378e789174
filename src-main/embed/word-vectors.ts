// A compact on-disk word-vector table: int8 components with one float32 scale per word, the words as
// UTF-16 code units, and a prebuilt open-addressing hash table. Loading is one read and a few typed-array
// views — no per-word allocation — so 341k×100 vectors (~45 MB) are usable in well under a second,
// unlike the 300 MB JSON they are converted from.
import { open } from 'node:fs/promises';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';

const MAGIC = 'PDWWVEC2';
const HEADER_WORDS = 6; // magic (2 words), dimension, count, tableSize, charCount

interface Sections {
  dimension: number;
  offsets: Uint32Array; // count + 1 offsets into chars
  chars: Uint16Array;
  table: Int32Array; // rank + 1, 0 = empty slot
  scales: Float32Array;
  values: Int8Array;
}

export class WordVectors {
  readonly dimension: number;
  readonly count: number;
  readonly #s: Sections;
  readonly #mask: number;

  constructor(sections: Sections) {
    this.#s = sections;
    this.dimension = sections.dimension;
    this.count = sections.offsets.length - 1;
    this.#mask = sections.table.length - 1;
  }

  /** The word's frequency rank (0 = most frequent), or -1 when it is out of vocabulary. */
  rank(word: string): number {
    const { table, offsets, chars } = this.#s;
    for (let slot = hash(word) & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const entry = table[slot] ?? 0;
      if (entry === 0) return -1;
      const rank = entry - 1;
      const start = offsets[rank] ?? 0;
      if ((offsets[rank + 1] ?? 0) - start === word.length && sameChars(word, chars, start)) return rank;
    }
  }

  /** The word at a frequency rank. */
  word(rank: number): string {
    const { offsets, chars } = this.#s;
    return String.fromCharCode(...chars.subarray(offsets[rank] ?? 0, offsets[rank + 1] ?? 0));
  }

  /** Adds `weight × vector(rank)` into `target` without allocating. */
  accumulate(rank: number, weight: number, target: Float32Array): void {
    const scale = (this.#s.scales[rank] ?? 0) * weight;
    const values = this.#s.values;
    const offset = rank * this.dimension;
    for (let d = 0; d < this.dimension; d++) target[d] = (target[d] ?? 0) + (values[offset + d] ?? 0) * scale;
  }

  /** Quantises float vectors (words in frequency order; a later duplicate of a word is unreachable). */
  static fromFloat(words: string[], dimension: number, vectors: ArrayLike<number>[]): WordVectors {
    const count = words.length;
    const offsets = new Uint32Array(count + 1);
    words.forEach((w, i) => (offsets[i + 1] = (offsets[i] ?? 0) + w.length));
    const chars = new Uint16Array(offsets[count] ?? 0);
    words.forEach((w, i) => {
      for (let c = 0; c < w.length; c++) chars[(offsets[i] ?? 0) + c] = w.charCodeAt(c);
    });
    let size = 1;
    while (size < count * 2) size *= 2;
    const table = new Int32Array(size);
    const scales = new Float32Array(count);
    const values = new Int8Array(count * dimension);
    const built = new WordVectors({ dimension, offsets, chars, table, scales, values });
    words.forEach((w, i) => {
      if (built.rank(w) >= 0) return;
      let slot = hash(w) & (size - 1);
      while (table[slot] !== 0) slot = (slot + 1) & (size - 1);
      table[slot] = i + 1;
      const v = vectors[i] ?? [];
      let max = 0;
      for (let d = 0; d < dimension; d++) max = Math.max(max, Math.abs(v[d] ?? 0));
      const scale = max / 127 || 1;
      scales[i] = scale;
      for (let d = 0; d < dimension; d++) values[i * dimension + d] = Math.round((v[d] ?? 0) / scale);
    });
    return built;
  }

  async save(path: string): Promise<void> {
    const { dimension, offsets, chars, table, scales, values } = this.#s;
    const header = Buffer.alloc(HEADER_WORDS * 4);
    header.write(MAGIC, 0, 'latin1');
    header.writeUInt32LE(dimension, 8);
    header.writeUInt32LE(this.count, 12);
    header.writeUInt32LE(table.length, 16);
    header.writeUInt32LE(chars.length, 20);
    const parts = [header, offsets, chars, table, scales, values].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    // Pad each section to 4 bytes so the loader can view them in place.
    await writeFileAtomic(path, Buffer.concat(parts.flatMap((p) => [p, Buffer.alloc((4 - (p.length % 4)) % 4)])));
  }

  static async load(path: string): Promise<WordVectors> {
    const file = await open(path, 'r');
    let buffer: ArrayBuffer;
    try {
      const { size } = await file.stat();
      buffer = new ArrayBuffer(size);
      const { bytesRead } = await file.read(new Uint8Array(buffer), 0, size, 0);
      if (bytesRead !== size) throw new Error(`${path} changed while it was read.`);
    } finally {
      await file.close();
    }
    const head = Buffer.from(buffer, 0, Math.min(buffer.byteLength, HEADER_WORDS * 4));
    if (head.length < HEADER_WORDS * 4 || head.toString('latin1', 0, 8) !== MAGIC) throw new Error(`${path} is not a word vector table.`);
    const [dimension, count, tableSize, charCount] = [8, 12, 16, 20].map((o) => head.readUInt32LE(o)) as [number, number, number, number];
    let at = HEADER_WORDS * 4;
    const take = <T>(make: (buf: ArrayBuffer, offset: number, length: number) => T, length: number, bytes: number): T => {
      if (at + bytes > buffer.byteLength) throw new Error(`${path} is truncated.`);
      const view = make(buffer, at, length);
      at += Math.ceil(bytes / 4) * 4;
      return view;
    };
    const offsets = take((b, o, n) => new Uint32Array(b, o, n), count + 1, (count + 1) * 4);
    const chars = take((b, o, n) => new Uint16Array(b, o, n), charCount, charCount * 2);
    const table = take((b, o, n) => new Int32Array(b, o, n), tableSize, tableSize * 4);
    const scales = take((b, o, n) => new Float32Array(b, o, n), count, count * 4);
    const values = take((b, o, n) => new Int8Array(b, o, n), count * dimension, count * dimension);
    if (at !== buffer.byteLength || (tableSize & (tableSize - 1)) !== 0) throw new Error(`${path} is corrupt.`);
    return new WordVectors({ dimension, offsets, chars, table, scales, values });
  }
}

function hash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function sameChars(word: string, chars: Uint16Array, start: number): boolean {
  for (let i = 0; i < word.length; i++) if (chars[start + i] !== word.charCodeAt(i)) return false;
  return true;
}
