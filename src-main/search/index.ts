// Search's facade: hybrid search over what a catalog exposes (SearchCatalog, which the library implements),
// the keyword heads kept ahead of searches, and the query-term helpers.
export { hybridSearch, type SearchOptions, type SearchSources } from './hybrid-search.ts';
export {
  DEFAULT_HEAD_LENGTH,
  DEFAULT_HEAD_MIN_POSTINGS,
  KeywordHeads,
  type HeadRanking,
  type KeywordHeadsOptions,
  type RefreshOutcome,
} from './keyword-heads.ts';
export { isEmptyFilter, type ChunkScope, type DocumentChunkSpans, type KeywordHeadStore, type LibraryFilter, type SearchCatalog, type StoredHead } from './search-catalog.ts';
export { ftsMatch, queryTerms, quoteTerm, stemKey } from './terms.ts';
export { CUTOFF, judge, type KnownItem, type KnownQuery, type Scores } from './known-item.ts';
export { deriveKnownItemQuery, hashOf, type DerivedQuery } from './known-item-queries.ts';
