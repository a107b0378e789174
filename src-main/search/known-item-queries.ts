// Known-item queries made from a person's own documents, for the search quality check: a query is what
// someone who remembers one passage might type — some of the content words of one of its sentences.
// The sentence is never copied: stop words go, and so does half of its content words (at least 3 and at
// most 6 are kept, in their order). Choices are derived from a hash of the document's key, so the same
// library gives the same queries on every run. The query's words are the document's own, which favours
// the keyword half; the vector half earns its place by ranking the document higher still.
import { createHash } from 'node:crypto';
import { stemKey } from './terms.ts';

const SENTENCE_END = /(?<=[.!?;:])\s+|\n\s*\n|\n(?=\s*[-*•#\d])/u;
const WORD = /\p{L}[\p{L}\p{N}'’-]*\p{L}|\p{L}{2}/gu;
const MIN_CONTENT_WORDS = 6;
const MAX_SENTENCE_WORDS = 60;
const KEEP_MIN = 3;
const KEEP_MAX = 6;

// Function words of English, which a person rarely types and which carry nothing a search can use.
const STOP_WORDS = new Set(
  (
    'a about above after again all also am an and any are as at be because been before being below between both but by can ' +
    'could did do does doing down during each few for from further had has have having he her here hers him his how if in ' +
    'into is it its itself just may me might more most must my no nor not now of off on once only or other our ours out ' +
    'over own same shall she should so some such than that the their theirs them then there these they this those through ' +
    'to too under until up upon us very was we were what when where which while who whom why will with would you your yours'
  ).split(' '),
);

/** A query for one document, and which of its passages it came from. */
export interface DerivedQuery {
  query: string;
  passage: number;
}

/**
 * Derives a query from one of `passages` (a document's chunk texts), or null when no sentence has
 * enough content words (a table, a list of names, a very short document).
 */
export function deriveKnownItemQuery(passages: readonly string[], key: string): DerivedQuery | null {
  const candidates: { passage: number; words: string[] }[] = [];
  passages.forEach((text, passage) => {
    for (const sentence of text.split(SENTENCE_END)) {
      const all = sentence.match(WORD) ?? [];
      if (all.length > MAX_SENTENCE_WORDS) continue;
      const words = contentWords(all);
      if (words.length >= MIN_CONTENT_WORDS) candidates.push({ passage, words });
    }
  });
  if (!candidates.length) return null;
  const chosen = candidates[hashOf(`${key}:sentence`) % candidates.length];
  if (!chosen) return null;
  const keep = Math.min(KEEP_MAX, Math.max(KEEP_MIN, Math.floor(chosen.words.length / 2)));
  const kept = chosen.words
    .map((word, at) => ({ word, at, order: hashOf(`${key}:${at}:${word}`) }))
    .sort((a, b) => a.order - b.order)
    .slice(0, keep)
    .sort((a, b) => a.at - b.at);
  return { query: kept.map((k) => k.word).join(' '), passage: chosen.passage };
}

/** Lower-cased words that are not stop words or numbers, one per stem, in order. */
function contentWords(words: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of words) {
    const word = raw.toLowerCase().replace(/[’']s$/u, '');
    if (word.length < 3 || STOP_WORDS.has(word)) continue;
    const stem = stemKey(word);
    if (seen.has(stem)) continue;
    seen.add(stem);
    out.push(word);
  }
  return out;
}

/** A stable 32-bit number for a string: deterministic choices without a random generator's state. */
export function hashOf(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0);
}
