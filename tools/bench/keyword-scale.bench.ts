// The keyword half at 100k and a million chunks, without embedding or a graph: the library benchmark's
// documents written straight into a catalog (keyword-scale-catalog.ts, cached under the temp folder, keyed
// by size), its keyword heads built, then the library benchmark's 300 queries timed through each part of
// the keyword half: counting the query's terms, the passages (AND, OR, heads), the whole-document ranking.
//   npm run bench keyword-scale                      (100k and 1M chunks; PDW_BENCH_CHUNKS=100000 for one size)
import { fileURLToPath } from 'node:url';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../src-main/library/catalog.ts';
import { DEFAULT_DOCUMENT_KEYWORDS, documentKeywordRanking, documentTerms } from '../../src-main/search/document-keywords.ts';
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
      for (const [part, run] of parts(heads)) latency.push([built.chunks, part, ...time(built, catalog, run)]);
    } finally {
      catalog.close();
    }
  }
  return [
    {
      title: 'Keyword half at scale: latency per part (300 library-benchmark queries, 50 candidates)',
      columns: ['chunks', 'part', 'cold p50 ms', 'cold p99 ms', 'warm p50 ms', 'warm p99 ms'],
      rows: latency,
      notes: [
        'cold = the first pass over the queries on a freshly opened catalog (no term counts cached, as for a query never asked since the last change); warm = best of 3 further passes (the library benchmark\'s percentiles)',
        'term counts = how many chunks hold each query term (tellingTerms); passages = keywordCandidates (AND of the telling terms, then the OR within its budget) with current keyword heads, or with none (FTS5 alone, as while heads are being rebuilt); whole documents = the whole-document bm25 ranking (documentTerms + documentKeywordRanking)',
        'the keyword half of a search = term counts + passages (heads) + whole documents, as hybridSearch runs them',
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

function parts(heads: KeywordHeads): [string, Part][] {
  const telling = (q: string, c: Catalog) => tellingTerms(c, queryTerms(q));
  const passages = (q: string, c: Catalog, withHeads?: KeywordHeads) => keywordCandidates(c, queryTerms(q), CANDIDATES, undefined, withHeads);
  const documents = (q: string, c: Catalog) =>
    documentKeywordRanking(c, documentTerms(telling(q, c), c.documentCount()), CANDIDATES, DEFAULT_DOCUMENT_KEYWORDS.fields);
  return [
    ['term counts', telling],
    ['passages, heads', (q, c) => passages(q, c, heads)],
    ['passages, FTS5 only', (q, c) => passages(q, c)],
    ['whole documents', documents],
    ['keyword half of a search', (q, c) => [passages(q, c, heads), documents(q, c)]],
  ];
}

/** Cold: one pass on a freshly opened catalog; warm: best of PASSES passes after it, by p99. */
function time(built: ScaleCatalog, catalog: Catalog, part: Part): number[] {
  const fresh = Catalog.open(built.file);
  let cold: number[];
  try {
    cold = percentiles(built.queries.map((q) => timed(() => part(q, fresh))));
  } finally {
    fresh.close();
  }
  let warm = [Infinity, Infinity];
  for (let pass = 0; pass < PASSES; pass++) {
    const run = percentiles(built.queries.map((q) => timed(() => part(q, catalog))));
    if ((run[1] ?? 0) < (warm[1] ?? 0)) warm = run;
  }
  return [...cold, ...warm];
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
