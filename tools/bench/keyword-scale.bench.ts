// The keyword half at 100k and a million chunks, without embedding or a graph: the library benchmark's
// documents written straight into a catalog (keyword-scale-catalog.ts, cached under the temp folder, keyed
// by size), its keyword heads built, then the library benchmark's 300 queries timed through each part of
// the keyword half: counting the query's terms, the passages (AND, OR, heads), the whole-document ranking.
//   npm run bench keyword-scale                      (100k and 1M chunks; PDW_BENCH_CHUNKS=100000 for one size)
import { fileURLToPath } from 'node:url';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../src-main/library/catalog.ts';
import { DEFAULT_DOCUMENT_KEYWORDS, DOCUMENT_POSTINGS_BUDGET, documentKeywordRanking, documentTerms, wholeDocumentTerms } from '../../src-main/search/document-keywords.ts';
import { KeywordHeads } from '../../src-main/search/keyword-heads.ts';
import { keywordCandidates, tellingTerms } from '../../src-main/search/keyword-search.ts';
import { queryTerms } from '../../src-main/search/terms.ts';
import { scaleCatalog, type ScaleCatalog } from './keyword-scale-catalog.ts';
import type { BenchTable } from './table.ts';

const SIZES = (process.env.PDW_BENCH_CHUNKS ?? '100000,1000000').split(',').map(Number);
const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
/** Candidates per half, as hybrid search asks for k = 10. */
const CANDIDATES = 50;
const PASSES = 3;

export default async function keywordScaleBench(): Promise<BenchTable[]> {
  const embedder = await createBundledEmbedder(CACHE_DIR);
  const latency: (string | number)[][] = [];
  const builds: (string | number)[][] = [];
  for (const size of SIZES) {
    const built = await scaleCatalog(embedder, size);
    const catalog = Catalog.open(built.file);
    try {
      const heads = new KeywordHeads(catalog);
      const started = performance.now();
      const outcome = await heads.refresh(() => Promise.resolve());
      const headsSeconds = outcome === 'current' ? '– (kept)' : Number(((performance.now() - started) / 1000).toFixed(1));
      const stored = catalog.db.prepare('SELECT count(*) AS n, sum(length(chunk_ids) + length(scores)) AS bytes FROM keyword_heads').get() as { n: number; bytes: number };
      builds.push([built.chunks, built.documents, built.cached ? '– (cached)' : built.buildSeconds, headsSeconds, stored.n, Math.round(stored.bytes / 1048576)]);
      const after = parts(heads, AFTER);
      for (const [i, [part, before]] of parts(heads, BEFORE).entries()) {
        const run = after[i]?.[1] ?? before;
        latency.push([built.chunks, part, BEFORE.label, ...time(built, catalog, before), '']);
        latency.push([built.chunks, part, AFTER.label, ...time(built, catalog, run), overlap(catalog, built.queries, before, run)]);
      }
    } finally {
      catalog.close();
    }
  }
  return [
    {
      title: 'Keyword half at scale: time per query, by part (300 library-benchmark queries, 50 candidates)',
      columns: ['chunks', 'part', 'bounds', 'cold p50 ms', 'cold p99 ms', 'warm p50 ms', 'warm p99 ms', 'top-10 as before'],
      rows: latency,
      notes: [
        'each query\'s best of 3 runs, then percentiles over the queries (the machine is shared: other work only adds time); cold = each run on a freshly opened catalog (no term counts cached, as for a query not asked since the last change), warm = on one that has counted them',
        'term counts = how many chunks hold each query term (tellingTerms); passages = keywordCandidates (AND of the telling terms, then the OR within its budget) with current keyword heads, or with none (FTS5 alone, as while heads are being rebuilt); whole documents = the whole-document bm25 ranking (wholeDocumentTerms + documentKeywordRanking)',
        'the keyword half of a search = term counts + passages (heads) + whole documents, as hybridSearch runs them',
        'before = a term common past 5% of the chunks only, the rarest term always in the whole-document OR; after = terms past 10,000 chunks left out when a rarer one is telling (TERM_POSTINGS_CAP), the rarest in the whole-document OR only when its documents fit the 1,500-postings budget (counted when its chunks do not)',
        'top-10 as before = the share of the before top-10 (chunks, or documents) that the after top-10 holds, mean over the queries',
        'target (issue 19): search p99 ≤ 10 ms at a million chunks, both halves and the rest included',
      ],
    },
    {
      title: 'Keyword-scale catalogs: build and keyword heads',
      columns: ['chunks', 'documents', 'catalog build s', 'keyword heads build s', 'heads', 'heads MB'],
      rows: builds,
      notes: ['catalog build = documents chunked and written 1,000 per transaction, no vectors; heads build = KeywordHeads.refresh with no pauses between steps'],
    },
  ];
}

type Part = (query: string, catalog: Catalog) => unknown;

/** The bounds of the keyword half a part runs with: before = as they were, after = as they are. */
interface Bounds {
  label: string;
  /** Chunk count past which a term is left out when a rarer one is telling (before: none, only the 5% share). */
  postingsCap?: number;
  /** Document postings up to which the rarest term goes into the whole-document OR (before: any). */
  rarestDocumentPostings?: number;
}

const BEFORE: Bounds = { label: 'before', postingsCap: Infinity, rarestDocumentPostings: Infinity };
const AFTER: Bounds = { label: 'after' };

function parts(heads: KeywordHeads, bounds: Bounds): [string, Part][] {
  const telling = (q: string, c: Catalog) => tellingTerms(c, queryTerms(q), bounds.postingsCap);
  const passages = (q: string, c: Catalog, withHeads?: KeywordHeads) =>
    keywordCandidates(c, queryTerms(q), CANDIDATES, undefined, withHeads, bounds.postingsCap);
  const documents = (q: string, c: Catalog) => {
    const terms = bounds.rarestDocumentPostings === undefined
      ? wholeDocumentTerms(c, telling(q, c))
      : documentTerms(telling(q, c), c.documentCount(), DOCUMENT_POSTINGS_BUDGET, bounds.rarestDocumentPostings);
    return documentKeywordRanking(c, terms, CANDIDATES, DEFAULT_DOCUMENT_KEYWORDS.fields);
  };
  return [
    ['term counts', telling],
    ['passages, heads', (q, c) => passages(q, c, heads)],
    ['passages, FTS5 only', (q, c) => passages(q, c)],
    ['whole documents', documents],
    ['keyword half of a search', (q, c) => [passages(q, c, heads), documents(q, c)]],
  ];
}

/** Mean share of the before top-10 that the after top-10 holds (ids), over the queries; '–' for other results. */
function overlap(catalog: Catalog, queries: readonly string[], before: Part, after: Part): number | string {
  let shared = 0;
  let wanted = 0;
  for (const q of queries) {
    const [a, b] = [before(q, catalog), after(q, catalog)];
    if (!isIds(a) || !isIds(b)) return '–';
    const kept = new Set(b.slice(0, 10));
    shared += a.slice(0, 10).filter((id) => kept.has(id)).length;
    wanted += Math.min(10, a.length);
  }
  return wanted ? Number((shared / wanted).toFixed(3)) : 1;
}

function isIds(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}

/**
 * Percentiles of each query's best of PASSES runs (other work on a shared machine only ever adds time):
 * cold, each pass on a freshly opened catalog (no term counts cached); warm, on one that has run them all.
 */
function time(built: ScaleCatalog, catalog: Catalog, part: Part): number[] {
  const best = (runs: number[][]) => built.queries.map((_, q) => Math.min(...runs.map((run) => run[q] ?? Infinity)));
  const cold: number[][] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const fresh = Catalog.open(built.file);
    try {
      cold.push(built.queries.map((q) => timed(() => part(q, fresh))));
    } finally {
      fresh.close();
    }
  }
  const warm: number[][] = [];
  for (let pass = 0; pass < PASSES; pass++) warm.push(built.queries.map((q) => timed(() => part(q, catalog))));
  return [...percentiles(best(cold)), ...percentiles(best(warm))];
}

function timed(run: () => unknown): number {
  const t = performance.now();
  run();
  return performance.now() - t;
}

function percentiles(times: number[]): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(2));
  return [at(0.5), at(0.99)];
}
