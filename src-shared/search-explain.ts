// The sentence that tells a person why a search hit ranks where it does, shared by the Search page's
// tooltip and `pdw search --explain` so both say the same thing.
import type { SearchExplain } from './contract/library.ts';

/** "Found by keywords (rank 2), the whole document (rank 1) and meaning (rank 5, similarity 0.41); score 0.3621". */
export function describeExplain(explain: SearchExplain): string {
  const halves = [
    explain.keyword ? `keywords (rank ${explain.keyword.rank})` : null,
    explain.document ? `the whole document (rank ${explain.document.rank})` : null,
    explain.vector ? `meaning (rank ${explain.vector.rank}, similarity ${explain.vector.similarity.toFixed(2)})` : null,
  ].filter((h) => h !== null);
  const listed = halves.length > 1 ? `${halves.slice(0, -1).join(', ')} and ${halves.at(-1)}` : halves.join('');
  return `Found by ${listed}; score ${explain.fusedScore.toFixed(4)}`;
}
