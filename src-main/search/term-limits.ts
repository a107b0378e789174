// How much of a library a keyword query may touch: shared by the query (keyword-search.ts) and the
// stored rankings of frequent terms (keyword-heads.ts), which must agree on what counts as common.

/** A term in more than this share of chunks carries little bm25 weight. */
export const COMMON_TERM_SHARE = 0.05;
/** How many postings the OR query may touch (the rarest term is always taken). */
export const OR_POSTINGS_BUDGET = 1500;

/**
 * Chunk counts above this make a term common in a library of `chunks` chunks. Below 30k chunks no term in
 * fewer chunks than the OR budget is dropped: scoring it costs no more than the OR may anyway, and dropping
 * "file" or "library" from a small library's queries cost relevance (keyword-only MRR 0.800 → 0.910 on 400
 * manual pages, 0.757 → 0.798 on Debian package descriptions, when kept).
 */
export function commonTermLimit(chunks: number): number {
  return Math.floor(Math.max(OR_POSTINGS_BUDGET, chunks * COMMON_TERM_SHARE));
}

/**
 * A query's terms in more chunks than this are left out of its keyword half when it has a rarer telling
 * term: counting a word, the AND's idf and a lone term's ranking each walk every posting of a telling term,
 * so with the common-term share alone they grew with the library (5% of 1.16M chunks is 57,790 postings,
 * 3–15 ms to count one such word). A query of only such terms keeps the rarest. Below 200k chunks the
 * share's limit is the lower, and nothing changes.
 */
export const TERM_POSTINGS_CAP = 10_000;

/**
 * The most postings a keyword head is built from past the common-term limit. A head is built in one step on the
 * main thread, and FTS5 scores every posting of its term: at 1.16M chunks a term in 50k chunks took 38–52 ms, one
 * in 100k 71–79 ms, one in 400k 353–363 ms. Today's largest heads at that size (5%: 57,790) cost the same as this.
 */
export const HEAD_POSTINGS_CAP = 60_000;

/**
 * The most chunks a term with a keyword head (keyword-heads.ts) is in: every term keyword search counts as
 * telling, and past the common-term limit every term bm25 still weighs — FTS5's idf, log((N - n + 0.5) /
 * (n + 0.5)), is positive only while n < N / 2 (past it FTS5 clamps it to 1e-6, and a ranking by the term alone
 * says little) — up to HEAD_POSTINGS_CAP. A query of only common words is answered from its rarest word's head:
 * in a library of up to 120k chunks every word in less than half of them has one.
 */
export function headTermLimit(chunks: number): number {
  return Math.max(commonTermLimit(chunks), Math.min(Math.ceil(chunks / 2) - 1, HEAD_POSTINGS_CAP));
}
