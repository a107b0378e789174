// The sentence that tells a person why a search hit ranks where it does, shared by the Search page's
// tooltip and `pdw search --explain` so both say the same thing.
import type { SearchExplain } from './contract/library.ts';

/**
 * "Found by keywords (rank 2), the whole document (rank 1) and meaning (rank 5, similarity 0.41); query words in
 * its file name +0.40 ("xml", 50%), rank 4 without them; adjacent query words +0.20 (100% of pairs), query words
 * held +0.10 (100%), rank 3 without them; score 0.6621".
 */
export function describeExplain(explain: SearchExplain): string {
  const halves = [
    explain.keyword ? `keywords (rank ${explain.keyword.rank})` : null,
    explain.document ? `the whole document (rank ${explain.document.rank})` : null,
    explain.vector ? `meaning (rank ${explain.vector.rank}, similarity ${explain.vector.similarity.toFixed(2)})` : null,
  ].filter((h) => h !== null);
  const listed = halves.length > 1 ? `${halves.slice(0, -1).join(', ')} and ${halves.at(-1)}` : halves.join('');
  const fileName = explain.fileName ? `; ${describeFileName(explain.fileName)}` : '';
  const proximity = explain.proximity ? `; ${describeProximity(explain.proximity)}` : '';
  return `Found by ${listed}${fileName}${proximity}; score ${explain.fusedScore.toFixed(4)}`;
}

/** 'query words in its file name +0.40 ("xml", 50%), rank 4 without them'. */
function describeFileName(fileName: NonNullable<SearchExplain['fileName']>): string {
  const words = fileName.words.map((w) => `"${w}"`).join(', ');
  return `query words in its file name +${fileName.bonus.toFixed(2)} (${words}, ${percent(fileName.share)}), rank ${fileName.rankBefore} without them`;
}

/** "adjacent query words +0.10 (50% of pairs), query words held +0.07 (67%), rank 4 without them". */
function describeProximity(proximity: NonNullable<SearchExplain['proximity']>): string {
  const parts = [
    proximity.pairs.bonus > 0 ? `adjacent query words +${proximity.pairs.bonus.toFixed(2)} (${percent(proximity.pairs.share)} of pairs)` : null,
    proximity.coverage.bonus > 0 ? `query words held +${proximity.coverage.bonus.toFixed(2)} (${percent(proximity.coverage.share)})` : null,
  ].filter((p) => p !== null);
  return `${parts.join(', ')}, rank ${proximity.rankBefore} without them`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
