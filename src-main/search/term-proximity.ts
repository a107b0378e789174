// Term proximity and coverage: a document whose passages hold the query's words next to each other, in
// the query's order ("copy files and directories"), more likely is what the query describes than one
// holding the same words scattered, and one holding all of them more than one holding a few. bm25 sees
// each term alone. This evidence is read from the term hits found in the shown passages for their
// snippets anyway, so it costs a pass over a few dozen hits per document, and re-orders only the top.
import type { SearchExplain } from '../../src-shared/contract/library.ts';
import type { RankedDocument } from './document-ranking.ts';
import type { TermHit } from './snippet.ts';
import { higherFirst } from './order.ts';

export interface ProximityOptions {
  /** Added to a document's fused score times the share of the query's word pairs found near each other (0: none). */
  weight: number;
  /** How many words apart, in the query's order, a pair may be and still count (1: adjacent). */
  window: number;
  /** Added times the share of the query's words its passages hold (0: none). */
  coverage: number;
}

/**
 * On the scale of the fused scores with the default fusion (k = 2: a first rank earns 1/3 per unit of weight).
 * Chosen on the retrieval benchmark's manual pages (weight 0.05–0.4 × window 1–3 × coverage 0–0.4: 0.2 / 0.1,
 * hybrid MRR 0.925 → 0.933), then again beside the file-name words (DEFAULT_FILE_NAME_WORDS; weight 0.3 / 0.4 /
 * 0.6 × coverage 0.1 / 0.2 / 0.3): 0.4 / 0.3, with the file-name words 0.933 → 0.949 there and on the corpora
 * never tuned on 0.787 → 0.820, 0.820 → 0.838, 0.678 → 0.678 (`npm run bench retrieval`).
 */
export const DEFAULT_PROXIMITY: ProximityOptions = { weight: 0.4, window: 1, coverage: 0.3 };

export const NO_PROXIMITY: ProximityOptions = { weight: 0, window: 1, coverage: 0 };

/** How many of the top documents the evidence may re-order (at least the k asked for). */
export const PROXIMITY_DEPTH = 10;

/**
 * The share of the query's adjacent word pairs (stems, in query order) found in that order within `window`
 * words of each other in one of the texts; `hits` are each text's term hits in text order.
 */
export function pairShare(keys: readonly string[], hits: readonly (readonly TermHit[])[], window: number): number {
  const pairs: [string, string][] = [];
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] !== keys[i]) pairs.push([keys[i - 1] ?? '', keys[i] ?? '']);
  if (!pairs.length) return 0;
  const found = new Set<number>();
  for (const text of hits) {
    for (let i = 0; i < text.length; i++) {
      const a = text[i] as TermHit;
      for (let j = i + 1; j < text.length && (text[j] as TermHit).word - a.word <= window; j++) {
        const b = text[j] as TermHit;
        for (let p = 0; p < pairs.length; p++) if (a.key === pairs[p]?.[0] && b.key === pairs[p]?.[1]) found.add(p);
      }
    }
  }
  return found.size / pairs.length;
}

/** The share of the query's distinct stems the texts hold. */
export function termCoverage(keys: readonly string[], hits: readonly (readonly TermHit[])[]): number {
  const wanted = new Set(keys);
  if (!wanted.size) return 0;
  const held = new Set<string>();
  for (const text of hits) for (const hit of text) held.add(hit.key);
  return held.size / wanted.size;
}

/** A document's proximity evidence, as the explanation names it (the contract's `explain.proximity`). */
export type ProximityEvidence = NonNullable<SearchExplain['proximity']>;

/** A document with the proximity evidence added to its score, when it earned any. */
export type ProximityRanked = RankedDocument & { proximity?: ProximityEvidence };

/** The documents with the evidence of their passages added to their scores, best first (ties keep their order). */
export function rerankByProximity(
  documents: readonly RankedDocument[],
  hitsOf: (document: RankedDocument) => readonly (readonly TermHit[])[],
  keys: readonly string[],
  options: ProximityOptions,
): ProximityRanked[] {
  if (options.weight === 0 && options.coverage === 0) return [...documents];
  return documents
    .map((document, rank) => {
      const evidence = proximityEvidence(keys, hitsOf(document), options, rank + 1);
      const scored: ProximityRanked = evidence ? { ...document, score: document.score + evidence.bonus, proximity: evidence } : { ...document };
      return { document: scored, rank };
    })
    .sort((a, b) => higherFirst(a.document.score, b.document.score) || a.rank - b.rank)
    .map((d) => d.document);
}

/** What the passages' hits earn: each part's share and bonus, and `rankBefore` (1-based); undefined when nothing. */
function proximityEvidence(keys: readonly string[], hits: readonly (readonly TermHit[])[], options: ProximityOptions, rankBefore: number): ProximityEvidence | undefined {
  const pairs = pairShare(keys, hits, options.window);
  const coverage = termCoverage(keys, hits);
  const pairBonus = options.weight * pairs;
  const coverageBonus = options.coverage * coverage;
  const bonus = pairBonus + coverageBonus;
  if (bonus === 0) return undefined;
  return { bonus, pairs: { share: pairs, bonus: pairBonus }, coverage: { share: coverage, bonus: coverageBonus }, rankBefore };
}
