// The query's words inside a document's file name: "XML" in libxml2, "Python" in python3-minimal, "core" in
// coreutils. FTS5 matches a path's tokens only whole ("libxml2", "python3"), so a query word that is part of a
// name is evidence bm25 never sees; people name their files for what they hold, so the name tells in their own
// libraries as it does in the benchmark's commands and packages. Only the file name counts, without its
// extension (the type is a filter of its own): the folders carry the library's own words, shared by many
// documents. Matched as lowercase substrings of the words as typed, not stems ("python" in "python3").
import { basename, extname } from 'node:path';
import type { SearchExplain } from '../../src-shared/contract/library.ts';
import type { RankedDocument } from './document-ranking.ts';
import type { SearchCatalog } from './search-catalog.ts';
import { quoteTerm, stemKey } from './terms.ts';
import { higherFirst } from './order.ts';

export interface FileNameWordsOptions {
  /** Added to a document's fused score times the share of the query's words found inside its file name (0: none). */
  weight: number;
}

/**
 * On the scale of the fused scores (k = 2: a first rank earns 1/3 per unit of weight), so a name holding every
 * query word that counts outweighs a first rank in the keyword half. Chosen on the retrieval benchmark's man pages
 * (weight 0.4 / 0.8 / 1.2 / 2, with term proximity re-weighted around it, see DEFAULT_PROXIMITY): hybrid MRR
 * 0.933 → 0.949 there, and on the corpora never tuned on 0.787 → 0.820 (Python reference), 0.820 → 0.838
 * (package descriptions), 0.678 → 0.678 (Info manuals, whose nodes are named `coreutils-31`); recall@10 at or
 * above plain bm25's on all four (`npm run bench retrieval`).
 */
export const DEFAULT_FILE_NAME_WORDS: FileNameWordsOptions = { weight: 0.8 };

export const NO_FILE_NAME_WORDS: FileNameWordsOptions = { weight: 0 };

/** How many of the top documents the evidence may re-order (at least the k asked for): over every candidate it gave the same figures. */
export const FILE_NAME_DEPTH = 20;

/** Shorter words are inside too many names by chance ("li", "in"). */
export const FILE_NAME_WORD_MIN_LENGTH = 3;

/** A word in more than this share of the documents tells nothing (FTS5's bm25 gives it no weight either). */
export const COMMON_WORD_SHARE = 0.5;

/**
 * Counting a word's documents walks its postings: by a match capped at this many, most words are decided at no
 * more cost (0.1–0.2 ms at 100k documents); a word past it is counted in full by FTS5's vocabulary table, which
 * walks its postings about twice as fast as a match (1.4 ms for a word in 57k of 100k documents, 4 ms in all of
 * them), to tell whether it is in over half of them. Counting each query word to half of a 10,000-document library
 * by match cost up to 9.5 ms a query (p99, 100k chunks, a loaded machine), hence the two steps. The benchmark's
 * corpora (at most 400 documents) are decided by the match alone.
 */
export const COUNTED_BY_MATCH = 2000;

/** A document's file-name evidence, as the explanation names it (the contract's `explain.fileName`). */
export type FileNameEvidence = NonNullable<SearchExplain['fileName']>;

/** The documents best first with the bonus in their scores, and the evidence of each document that earned one. */
export interface FileNameRanking {
  documents: RankedDocument[];
  evidence: Map<number, FileNameEvidence>;
}

/** The file name of a path, lowercase, without its folders and extension ("/usr/share/libxml2.txt" → "libxml2"). */
export function fileNameOf(path: string): string {
  return basename(path, extname(path)).toLowerCase();
}

/** The query's words long enough to count (queryTerms gives them lowercase and distinct), before the common ones are left out. */
export function nameWordCandidates(terms: readonly string[]): string[] {
  return terms.filter((term) => term.length >= FILE_NAME_WORD_MIN_LENGTH);
}

/**
 * The documents with weight × the share of `words` found inside their file names added to their scores, the top
 * `depth` sorted again (ties keep their order). `nameOf` gives a document's file name (fileNameOf), lowercase.
 */
export function liftByNameWords(
  documents: readonly RankedDocument[],
  nameOf: (documentId: number) => string | undefined,
  words: readonly string[],
  weight: number,
  depth = FILE_NAME_DEPTH,
): FileNameRanking {
  const evidence = new Map<number, FileNameEvidence>();
  if (weight === 0 || !words.length) return { documents: [...documents], evidence };
  const top = documents.slice(0, depth).map((document, rank) => {
    const name = nameOf(document.documentId) ?? '';
    const held = words.filter((word) => name.includes(word));
    if (!held.length) return { document, rank };
    const share = held.length / words.length;
    const bonus = weight * share;
    evidence.set(document.documentId, { words: held, share, bonus, rankBefore: rank + 1 });
    return { document: { ...document, score: document.score + bonus }, rank };
  });
  top.sort((a, b) => higherFirst(a.document.score, b.document.score) || a.rank - b.rank);
  return { documents: [...top.map((t) => t.document), ...documents.slice(depth)], evidence };
}

/**
 * liftByNameWords over the library: the top documents' paths are read in one statement, and only when a query
 * word is inside one of their names are the query's words counted in the documents (isCommon), to leave out the
 * common ones.
 */
export function rerankByFileNameWords(
  catalog: SearchCatalog,
  documents: readonly RankedDocument[],
  terms: readonly string[],
  options: FileNameWordsOptions,
  depth = FILE_NAME_DEPTH,
): FileNameRanking {
  const unchanged = { documents: [...documents], evidence: new Map<number, FileNameEvidence>() };
  const candidates = nameWordCandidates(terms);
  if (options.weight === 0 || !candidates.length || !documents.length) return unchanged;
  const paths = catalog.documentPathsOf(documents.slice(0, depth).map((d) => d.documentId));
  const names = new Map([...paths].map(([id, path]) => [id, fileNameOf(path)]));
  const inAName = (word: string) => [...names.values()].some((name) => name.includes(word));
  if (!candidates.some(inAName)) return unchanged;
  const words = candidates.filter((word) => !isCommon(catalog, word));
  return liftByNameWords(documents, (id) => names.get(id), words, options.weight, depth);
}

/** Whether more than COMMON_WORD_SHARE of the documents hold the word (its Porter stem, as FTS5 matches it). */
function isCommon(catalog: SearchCatalog, word: string): boolean {
  const half = Math.floor(catalog.documentCount() * COMMON_WORD_SHARE);
  const bound = Math.min(half, COUNTED_BY_MATCH);
  if (catalog.documentMatchCount(quoteTerm(word), bound + 1) <= bound) return false;
  if (bound === half) return true;
  const documents = catalog.documentTermCount(stemKey(word));
  // Our stem is FTS5's for the words it stems; one that is not finds fewer documents than the match did, and the
  // match is counted on to the half instead.
  if (documents > bound) return documents > half;
  return catalog.documentMatchCount(quoteTerm(word), half + 1) > half;
}
