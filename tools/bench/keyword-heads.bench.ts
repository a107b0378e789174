// Keyword heads after a change: the background work a one-document and a 1%-of-chunks change leave, with
// every head rebuilt (as before) and with only the touched ones, and how far the kept heads move keyword
// search from FTS5's exact ranking (top-10 and top-50 overlap over 300 queries).
// Runs on a copy of a library kept by the library benchmark:
//   PDW_BENCH_CHUNKS=100000 PDW_BENCH_KEEP=1 npm run bench library   (prints "kept <folder>")
//   PDW_BENCH_REUSE=<folder> npm run bench keyword-heads
import { cp, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBundledEmbedder, type WordVectorEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../src-main/library/catalog.ts';
import { libraryPaths, openLibrary, type Library } from '../../src-main/library/library.ts';
import { KeywordHeads, type KeywordHeadsOptions } from '../../src-main/search/keyword-heads.ts';
import { keywordCandidates } from '../../src-main/search/keyword-search.ts';
import { commonTermLimit } from '../../src-main/search/term-limits.ts';
import { queryTerms, quoteTerm } from '../../src-main/search/terms.ts';
import { Corpus, CHUNKS_PER_DOC } from './library.bench.ts';
import type { BenchTable } from './table.ts';

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
const QUERIES = 300;

export default async function keywordHeadsBench(): Promise<BenchTable[]> {
  const kept = process.env.PDW_BENCH_REUSE;
  if (!kept) throw new Error('Set PDW_BENCH_REUSE to a library kept by `PDW_BENCH_KEEP=1 npm run bench library`.');
  const embedder = await createBundledEmbedder(CACHE_DIR);
  const rows: (string | number)[][] = [];
  const modes: [string, KeywordHeadsOptions][] = [
    ['every head rebuilt (before)', { fullRebuildShare: 0 }],
    ['touched heads only, heads up to the common-term limit (before)', { commonTerms: false }],
    ['touched heads only, default bounds', {}],
    ['touched heads only, no bound', { updateShare: 1, fullRebuildShare: 1 }],
  ];
  for (const [label, options] of modes) rows.push([label, ...(await runMode(kept, embedder, options))]);
  return [
    {
      title: 'Keyword heads after a change',
      columns: ['heads after a change', 'chunks', 'settled after 1 document s', 'settled after 1% s', 'top-10 overlap with FTS5', 'top-50 overlap', 'queries differing'],
      rows,
      notes: [
        'settled = Library.settle() after the ingest returned: the keyword heads brought up to date in the background',
        '1% = documents of 1% of the library\'s chunks ingested at once, after the one-document change; default bounds: a change over 0.5% of the chunks, or 5% since the last full build, rebuilds every head',
        'overlap = keyword candidates with the heads against FTS5 alone (exact), for 300 queries of 2–5 words from the library, after both changes; for a query of only common words (no keyword half without heads), against FTS5\'s ranking of its rarest word under half the chunks',
        'heads up to the common-term limit: as before heads reached half the chunks (a query of only common words had no keyword half); the other rows reach half the chunks',
      ],
    },
  ];
}

async function runMode(kept: string, embedder: WordVectorEmbedder, options: KeywordHeadsOptions): Promise<(string | number)[]> {
  const root = await mkdtemp(join(tmpdir(), 'pdw-bench-heads-'));
  try {
    const dataDir = join(root, 'data');
    await cp(join(kept, 'data'), dataDir, { recursive: true });
    const corpus = new Corpus(embedder, 0);
    const library = await openLibrary({ dataDir, embedder, keywordHeads: options });
    let chunks: number;
    let oneDocument: number;
    let onePercent: number;
    try {
      await library.settle();
      chunks = library.stats().chunks;
      await ingestAndSettle(library, corpus, join(root, 'first'), 1); // records where the heads stand
      oneDocument = await ingestAndSettle(library, corpus, join(root, 'one'), 1);
      onePercent = await ingestAndSettle(library, corpus, join(root, 'many'), Math.round((chunks * 0.01) / CHUNKS_PER_DOC));
    } finally {
      await library.close();
    }
    const agreement = measureAgreement(dataDir, corpus, options);
    return [chunks, oneDocument, onePercent, agreement.top10, agreement.top50, agreement.differing];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function ingestAndSettle(library: Library, corpus: Corpus, dir: string, documents: number): Promise<number> {
  await mkdir(dir, { recursive: true });
  for (let d = 0; d < documents; d++) await writeFile(join(dir, `new-${d}.txt`), corpus.document());
  await library.ingest([dir]);
  const started = performance.now();
  await library.settle();
  return Number(((performance.now() - started) / 1000).toFixed(2));
}

function measureAgreement(dataDir: string, corpus: Corpus, options: KeywordHeadsOptions): { top10: number; top50: number; differing: number } {
  const catalog = Catalog.open(libraryPaths(dataDir).catalog);
  try {
    const heads = new KeywordHeads(catalog, options);
    if (!heads.isCurrent()) throw new Error('the keyword heads are not current after settling');
    const every = Math.max(1, Math.floor(catalog.chunkCount() / QUERIES));
    const texts = catalog.chunkTexts(0, catalog.chunkCount()).filter((_, i) => i % every === 0).slice(0, QUERIES);
    const overlap = { top10: 0, top50: 0, differing: 0 };
    texts.forEach(({ text }, i) => {
      const terms = queryTerms(corpus.queryFrom(text, 2 + (i % 4)));
      const withHeads = keywordCandidates(catalog, terms, 50, undefined, heads);
      const exact = keywordCandidates(catalog, terms, 50);
      if (!exact.length && options.commonTerms !== false) exact.push(...rarestCommonWordRanking(catalog, terms, 50));
      overlap.top10 += shared(withHeads.slice(0, 10), exact.slice(0, 10));
      overlap.top50 += shared(withHeads, exact);
      if (withHeads.join() !== exact.join()) overlap.differing++;
    });
    return { top10: Number((overlap.top10 / texts.length).toFixed(4)), top50: Number((overlap.top50 / texts.length).toFixed(4)), differing: overlap.differing };
  } finally {
    catalog.close();
  }
}

/** FTS5's ranking of the query's rarest word past the common-term limit and under half the chunks, scored anew. */
function rarestCommonWordRanking(catalog: Catalog, terms: string[], n: number): number[] {
  const chunks = catalog.chunkCount();
  const counted = terms.map((term) => ({ term, df: catalog.termDocumentCounts([term], chunks + 1).get(term) ?? 0 }));
  const rarest = counted.filter((t) => t.df > commonTermLimit(chunks) && t.df < chunks / 2).sort((a, b) => a.df - b.df)[0];
  return rarest ? catalog.keywordSearch(quoteTerm(rarest.term), n).map((h) => h.chunkId) : [];
}

/** The share of the exact list that the other one holds too (1 for two empty lists). */
function shared(got: number[], exact: number[]): number {
  if (!exact.length) return 1;
  const seen = new Set(got);
  return exact.filter((id) => seen.has(id)).length / exact.length;
}
