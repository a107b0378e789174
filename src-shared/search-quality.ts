// What a search quality check means, in words, shared by Settings and `pdw search-quality` so both say the
// same: whether the embedding model lifts hybrid search above keywords alone, and by how much.
import type { SearchQualityOutcome } from './contract/library.ts';

/** Differences in MRR smaller than this are within what another sample of the same library could give. */
export const QUALITY_NOISE = 0.02;

export const QUALITY_MODES = [
  { mode: 'keyword', label: 'Keywords only' },
  { mode: 'vector', label: 'Meaning only (embedding model)' },
  { mode: 'hybrid', label: 'Hybrid (what search uses)' },
] as const;

/** "The embedding model helps: hybrid MRR 0.812 against 0.741 with keywords alone (+0.071)." and so on. */
export function describeSearchQuality(outcome: SearchQualityOutcome): string[] {
  const { keyword, vector, hybrid } = outcome;
  const gain = hybrid.mrr - keyword.mrr;
  const signed = `${gain >= 0 ? '+' : '−'}${Math.abs(gain).toFixed(3)}`;
  const lines = [
    gain >= QUALITY_NOISE
      ? `The embedding model helps: hybrid MRR ${hybrid.mrr.toFixed(3)} against ${keyword.mrr.toFixed(3)} with keywords alone (${signed}).`
      : gain <= -QUALITY_NOISE
        ? `Hybrid search ranks below keywords alone here: MRR ${hybrid.mrr.toFixed(3)} against ${keyword.mrr.toFixed(3)} (${signed}).`
        : `The embedding model adds little over keywords alone: hybrid MRR ${hybrid.mrr.toFixed(3)} against ${keyword.mrr.toFixed(3)} (${signed}).`,
  ];
  if (vector.mrr >= keyword.mrr + QUALITY_NOISE) {
    lines.push(`On its own the model finds documents better than keywords (MRR ${vector.mrr.toFixed(3)} against ${keyword.mrr.toFixed(3)}).`);
  }
  lines.push(
    `${outcome.queries} queries from ${outcome.sampled} of ${outcome.libraryDocuments} documents, each made of some words of one sentence; the queries use the documents' own words, which favours keywords.`,
  );
  return lines;
}
