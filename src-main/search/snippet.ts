// A short excerpt of a chunk around the densest cluster of query terms, as plain segments with a
// highlight flag — never HTML — so the renderer can show it without trusting the document's text.
import type { SnippetSegment } from '../../src-shared/contract/library.ts';
import { stemKey } from './terms.ts';

/** Where a word sharing a stem with a query term is: code units `start`–`end`, the `word`-th word of the text. */
export interface TermHit {
  start: number;
  end: number;
  word: number;
  key: string;
}

/** `hits`: the text's term hits when already found (termHits with the terms' stems). */
export function buildSnippet(text: string, terms: readonly string[], maxChars = 240, hits = termHits(text, new Set(terms.map(stemKey)))): SnippetSegment[] {
  const [from, to] = bestWindow(text, hits, maxChars);
  const segments: SnippetSegment[] = [];
  const push = (s: string, highlight: boolean) => {
    if (!s) return;
    const last = segments.at(-1);
    if (last && last.highlight === highlight) last.text += s;
    else segments.push({ text: s, highlight });
  };
  if (from > 0) push('…', false);
  let at = from;
  for (const h of hits) {
    if (h.start < from || h.end > to) continue;
    push(squash(text.slice(at, h.start)), false);
    push(text.slice(h.start, h.end), true);
    at = h.end;
  }
  push(squash(text.slice(at, to)), false);
  if (to < text.length) push('…', false);
  return segments;
}

/**
 * Where the words that share a stem with a term are. Stemming every word is the slow part, and a word can
 * only share a stem with a term that starts like it: only words whose first two letters begin a term are
 * stemmed. Words are found by a scan rather than a pattern built from the terms, because V8 compiles
 * every new pattern with Unicode classes to machine code: about 1 ms, paid by each new query.
 */
export function termHits(text: string, keys: ReadonlySet<string>): TermHit[] {
  const heads = new Set<number>();
  for (const key of keys) heads.add(headCode(key, 0, key.length));
  const hits: TermHit[] = [];
  if (!heads.size) return hits;
  let word = 0;
  for (let start = 0; start < text.length; ) {
    const first = wordUnitAt(text, start);
    if (!first) {
      start++;
      continue;
    }
    let end = start + first;
    for (let unit = wordUnitAt(text, end); unit; unit = wordUnitAt(text, end)) end += unit;
    if (heads.has(wordHeadCode(text, start, end))) {
      const key = stemKey(text.slice(start, end));
      if (keys.has(key)) hits.push({ start, end, word, key });
    }
    start = end;
    word++;
  }
  return hits;
}

/** The first two code units of text[start, end) as one number (0: none), `text` already lowercase. */
function headCode(text: string, start: number, end: number): number {
  return end - start < 2 ? text.charCodeAt(start) : text.charCodeAt(start) * 0x10000 + text.charCodeAt(start + 1);
}

/**
 * The head code of a word in any case: its first two units lowercase, as termHits compares them with the terms'.
 * An ASCII head is lowered by arithmetic, since a string per word of every passage was most of a search's
 * allocation; another is lowered as a string (one that lowers to more than two units matches no term's head).
 */
function wordHeadCode(text: string, start: number, end: number): number {
  const second = Math.min(end, start + 2) - 1;
  const a = text.charCodeAt(start);
  const b = text.charCodeAt(second);
  if (a < 128 && b < 128) return second === start ? asciiLower(a) : asciiLower(a) * 0x10000 + asciiLower(b);
  const head = text.slice(start, second + 1).toLowerCase();
  return head.length > 2 ? 0 : headCode(head, 0, head.length);
}

function asciiLower(unit: number): number {
  return unit >= 65 && unit <= 90 ? unit + 32 : unit;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/uy;

/** The length in code units of the letter or digit at `at` (2 for a surrogate pair), or 0 if there is none. */
function wordUnitAt(text: string, at: number): number {
  if (at >= text.length) return 0;
  const c = text.charCodeAt(at);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  LETTER_OR_DIGIT.lastIndex = at;
  return LETTER_OR_DIGIT.test(text) ? (c >= 0xd800 && c <= 0xdbff ? 2 : 1) : 0;
}

/** The window of at most maxChars with the most distinct terms (then most hits), snapped to words. */
function bestWindow(text: string, hits: readonly TermHit[], maxChars: number): [number, number] {
  if (text.length <= maxChars) return [0, text.length];
  let best = { from: 0, distinct: 0, count: 0 };
  for (let i = 0; i < hits.length; i++) {
    const first = hits[i] as { start: number };
    let distinct = 0;
    let count = 0;
    for (let j = i; j < hits.length && (hits[j]?.end ?? 0) - first.start <= maxChars; j++) {
      if (isFirstOfItsTerm(hits, i, j)) distinct++;
      count++;
    }
    if (distinct > best.distinct || (distinct === best.distinct && count > best.count)) best = { from: first.start, distinct, count };
  }
  // Show a little context before the first hit.
  let from = Math.max(0, best.from - Math.floor(maxChars / 5));
  if (from > 0) {
    const space = text.indexOf(' ', from);
    from = space >= 0 && space < best.from ? space + 1 : best.from;
  }
  let to = Math.min(text.length, from + maxChars);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  return [from, to];
}

/**
 * Whether hits[j] is the first hit of its term from hits[from] on. A window holds a few dozen hits at most: looking
 * back costs less than a set of terms per window, which was most of what choosing windows allocated.
 */
function isFirstOfItsTerm(hits: readonly TermHit[], from: number, j: number): boolean {
  const key = hits[j]?.key;
  for (let h = from; h < j; h++) if (hits[h]?.key === key) return false;
  return true;
}

/** Runs of white space as one space; most text has none to squash, and then no new string is made. */
function squash(s: string): string {
  return /\s\s|[^\S ]/.test(s) ? s.replace(/\s+/g, ' ') : s;
}
