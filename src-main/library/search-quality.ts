// The search quality check on a person's own library: how well keyword-only, vector-only and hybrid search
// find sampled documents from known-item queries made of their own words (search/known-item-queries.ts),
// by MRR and recall@10 — so a person can see how much their embedding model adds to keywords alone.
// Read-only: it lists documents, reads their chunks and searches; nothing is written.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AppError } from '../../src-shared/contract/define.ts';
import type { Progress } from '../../src-shared/contract/jobs.ts';
import type { SearchMode, SearchQualityOutcome } from '../../src-shared/contract/library.ts';
import { CUTOFF, deriveKnownItemQuery, hashOf, judge, type KnownQuery } from '../search/index.ts';
import type { Library } from './library.ts';

export const DEFAULT_QUALITY_DOCUMENTS = 150;
const MODES: readonly SearchMode[] = ['keyword', 'vector', 'hybrid'];
const EXAMPLES = 3;
/** Documents are listed in pages of this many (a big library is never read whole). */
const PAGE = 5_000;

export interface SearchQualityOptions {
  /** How many documents to sample (each gives at most one query). */
  documents?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export async function checkSearchQuality(library: Library, options: SearchQualityOptions = {}): Promise<SearchQualityOutcome> {
  if (library.needsReembed) {
    throw new AppError('conflict', "The library's vectors come from another embedding model: re-embed the library first, then check search quality.");
  }
  const wanted = options.documents ?? DEFAULT_QUALITY_DOCUMENTS;
  // Twice as many as wanted: some documents have no sentence to make a query from.
  const sample = sampleDocuments(library, 2 * wanted);
  if (sample.ids.length === 0) throw new AppError('not_found', 'The library has no documents yet: add some, then check search quality.');

  const queries: (KnownQuery & { title: string; path: string })[] = [];
  const taken = new Set<string>();
  let sampled = 0;
  for (const id of sample.ids) {
    if (queries.length >= wanted) break;
    if (sampled % 10 === 0) await yieldToEventLoop(); // reading chunks is synchronous: let searches and events through
    options.signal?.throwIfAborted();
    const { document, chunks } = library.document(id);
    options.onProgress?.({ done: queries.length, total: wanted, unit: 'items', current: `making queries: ${document.title}` });
    sampled++;
    const derived = deriveKnownItemQuery(
      chunks.map((c) => c.text),
      document.path,
    );
    // A query that another sampled document already gave would name two documents: keep the first.
    if (!derived || taken.has(derived.query)) continue;
    taken.add(derived.query);
    queries.push({ name: String(id), query: derived.query, title: document.title, path: document.path });
  }
  if (queries.length === 0) throw new AppError('not_found', 'No sampled document has a sentence to make a query from (they are too short or hold no prose).');

  // Right after opening, hybrid search answers by keywords alone until the graph is read: judge the whole search.
  if (library.vectorsLoading) {
    options.onProgress?.({ done: 0, total: MODES.length * queries.length, unit: 'items', current: 'waiting for the vector index to load' });
    await library.settle();
  }
  const scores = {} as Record<SearchMode, { mrr: number; recallAt10: number }>;
  for (const [m, mode] of MODES.entries()) {
    const base = m * queries.length;
    const judged = await judge(queries, (query) => library.search(query, { mode, k: CUTOFF }).then((hits) => hits.map((h) => String(h.documentId))), {
      ...(options.signal ? { signal: options.signal } : {}),
      onJudged: (done) => options.onProgress?.({ done: base + done, total: MODES.length * queries.length, unit: 'items', current: `${mode} search` }),
    });
    scores[mode] = { mrr: judged.mrr, recallAt10: judged.recall };
  }
  return {
    embedder: { id: library.embedder.id, dimension: library.embedder.dimension },
    libraryDocuments: sample.total,
    sampled,
    queries: queries.length,
    keyword: scores.keyword,
    vector: scores.vector,
    hybrid: scores.hybrid,
    examples: queries.slice(0, EXAMPLES).map(({ query, title, path }) => ({ query, title, path })),
  };
}

/** `wanted` document ids spread over the whole library, the same on every run: the lowest hashes of their paths. */
function sampleDocuments(library: Library, wanted: number): { ids: number[]; total: number } {
  const keyed: { id: number; key: number }[] = [];
  let total = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = library.documents({ sort: 'path', offset, limit: PAGE });
    total = page.total;
    for (const d of page.documents) keyed.push({ id: d.id, key: hashOf(d.path) });
    keyed.sort((a, b) => a.key - b.key).splice(wanted);
    if (offset + PAGE >= page.total) break;
  }
  return { ids: keyed.map((k) => k.id), total };
}
