// The benchmark judges search with the same known-item scoring as the library's own search quality check.
export { CUTOFF, judge, type KnownItem, type Scores } from '../../../src-main/search/known-item.ts';
