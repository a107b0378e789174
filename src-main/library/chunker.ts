// Splits extracted text into overlapping chunks on paragraph and sentence boundaries. Each chunk is an
// exact slice [start, end) of the source text, so a hit can be highlighted in the original.
export interface ChunkOptions {
  /** Chunks grow to about this many characters. */
  targetChars: number;
  /** No chunk is longer, except that a single word is never cut. */
  maxChars: number;
  /** Trailing sentences up to this length are repeated at the start of the next chunk of the same paragraph. */
  overlapChars: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { targetChars: 700, maxChars: 1200, overlapChars: 200 };

export interface TextChunk {
  start: number;
  end: number;
  text: string;
}

interface Unit {
  start: number;
  end: number;
  paragraphStart: boolean;
}

export function chunkText(source: string, options: ChunkOptions = DEFAULT_CHUNKING): TextChunk[] {
  const units = sentenceUnits(source, options.maxChars);
  const chunks: TextChunk[] = [];
  let i = 0;
  while (i < units.length) {
    const first = units[i] as Unit;
    let j = i + 1;
    while (j < units.length) {
      const next = units[j] as Unit;
      const span = next.end - first.start;
      if (span > options.maxChars) break;
      if (span > options.targetChars) break;
      // Prefer ending at a paragraph break once the chunk has a reasonable size.
      if (next.paragraphStart && (units[j - 1] as Unit).end - first.start >= options.targetChars * 0.5) break;
      j++;
    }
    const last = units[j - 1] as Unit;
    chunks.push({ start: first.start, end: last.end, text: source.slice(first.start, last.end) });
    if (j >= units.length) break;
    // Overlap: restart at trailing sentences of this chunk, unless the next unit opens a new paragraph.
    let k = j;
    if (!(units[j] as Unit).paragraphStart) {
      while (k - 1 > i && last.end - (units[k - 1] as Unit).start <= options.overlapChars) k--;
    }
    i = k;
  }
  return chunks;
}

/** Sentences (trimmed, with source offsets), each at most maxChars, marked where a paragraph begins. */
function sentenceUnits(source: string, maxChars: number): Unit[] {
  const units: Unit[] = [];
  for (const para of matches(source, /[^\n]*\S[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*/g)) {
    let paragraphStart = true;
    const text = source.slice(para.start, para.end);
    for (const s of matches(text, /[^\s][\s\S]*?(?:[.!?]+["'’”)\]]*(?=\s)|$)/g)) {
      for (const piece of splitLong(source, para.start + s.start, para.start + s.end, maxChars)) {
        units.push({ ...piece, paragraphStart });
        paragraphStart = false;
      }
    }
  }
  return units;
}

function splitLong(source: string, start: number, end: number, maxChars: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let s = start;
  while (end - s > maxChars) {
    let cut = source.lastIndexOf(' ', s + maxChars);
    if (cut <= s) cut = s + maxChars; // one very long "word": cut it anyway rather than exceed
    out.push({ start: s, end: trimEnd(source, s, cut) });
    s = cut;
    while (s < end && /\s/.test(source[s] ?? '')) s++;
  }
  if (end > s) out.push({ start: s, end: trimEnd(source, s, end) });
  return out.filter((u) => u.end > u.start);
}

function trimEnd(source: string, start: number, end: number): number {
  while (end > start && /\s/.test(source[end - 1] ?? '')) end--;
  return end;
}

function matches(text: string, pattern: RegExp): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    const end = trimEnd(text, start, start + m[0].length);
    if (end > start) out.push({ start, end });
  }
  return out;
}
