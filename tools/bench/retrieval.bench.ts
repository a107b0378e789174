// Retrieval quality on real text nobody on the project wrote, in corpora built from what Debian ships
// (manual pages, the Python library reference, package descriptions, GNU Info manuals). Every document comes with a
// known-item query derived from it and cut out of it (a NAME line, a page heading, a package synopsis),
// hundreds per corpus and none hand-picked. In the same run: plain SQLite FTS5 bm25 over whole documents
// (the baseline) and PDW's vector-only, keyword-only and hybrid search, scored by MRR, recall@10 and
// nDCG@10. Fusion parameters are tuned on the first corpus only and reported on every corpus, so the
// other corpora judge settings that were never fitted to them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import type { Embedder } from '../../src-main/embed/embedder.ts';
import { openLibrary, type Library } from '../../src-main/library/library.ts';
import { DEFAULT_DOCUMENT_EVIDENCE } from '../../src-main/search/document-ranking.ts';
import { DEFAULT_RRF_K, DEFAULT_VECTOR_WEIGHT } from '../../src-main/search/fusion.ts';
import type { SearchOptions } from '../../src-main/search/hybrid-search.ts';
import type { BenchTable } from './table.ts';
import type { Corpus } from './retrieval/corpus.ts';
import { debianPackages } from './retrieval/debian-packages.ts';
import { wholeDocumentBm25 } from './retrieval/fts-baseline.ts';
import { judge, type KnownItem, type Scores } from './retrieval/known-item.ts';
import { manPages } from './retrieval/man-pages.ts';
import { pythonDocs } from './retrieval/python-docs.ts';
import { infoManuals } from './retrieval/info-manuals.ts';

const ITEMS = Number(process.env.PDW_BENCH_ITEMS ?? 400);
const VECTOR_CACHE = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
const INSTALL = 'apt-get install man-db manpages python3-doc (Info manuals come with coreutils, sed, grep, gettext, gnupg, ...)';
const TUNING_GRID = { rrfK: [2, 5, 15, 60], vectorWeight: [0.1, 0.2, 0.3, 0.5, 0.75, 1], documentEvidence: [0.25, 0.5, 0.75] };

interface Loaded {
  corpus: Corpus;
  items: KnownItem[];
}

export default async function retrievalBench(): Promise<BenchTable[]> {
  const corpora = [manPages(ITEMS), pythonDocs(ITEMS), debianPackages(ITEMS), infoManuals(ITEMS)];
  const loaded: Loaded[] = [];
  const skipped: string[] = [];
  for (const corpus of corpora) {
    const items = await corpus.load();
    if ('missing' in items) skipped.push(`${corpus.id} skipped (${items.missing}): apt-get install ${corpus.install}`);
    else loaded.push({ corpus, items });
  }
  const embedder = await createBundledEmbedder(VECTOR_CACHE);
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  let tuned: SearchOptions | null = null;
  for (const { corpus, items } of loaded) {
    const judged = await judgeCorpus(corpus, items, embedder, tuned);
    tuned ??= judged.tuned;
    rows.push(...judged.rows);
    notes.push(`${corpus.id}: ${items.length} documents, ${judged.chunks} chunks; ${corpus.describe}`);
  }
  return [
    {
      title: 'Retrieval quality on text nobody here wrote (known-item queries cut from their documents)',
      columns: ['corpus', 'search', 'MRR', 'recall@10', 'nDCG@10', 'MRR / bm25', 'queries'],
      rows,
      notes: [
        ...notes,
        ...skipped,
        `baseline "FTS5 bm25, whole documents": one FTS5 row per document, the query's words ORed, ordered by bm25()`,
        `hybrid, tuned: RRF k × vector weight (grid ${TUNING_GRID.rrfK.join('/')} × ${TUNING_GRID.vectorWeight.join('/')}) chosen on ${loaded[0]?.corpus.id ?? 'the first corpus'} only, then the document evidence (${TUNING_GRID.documentEvidence.join('/')}: weight of a document's next chunk)`,
        'MRR: mean 1/rank of the right document (0 outside the top 10); recall@10: share found in the top 10; nDCG@10: mean 1/log2(rank + 1)',
        `the corpora come from Debian packages: ${INSTALL} (PDW_BENCH_ITEMS sets documents per corpus, default 400)`,
      ],
    },
  ];
}

async function judgeCorpus(corpus: Corpus, items: KnownItem[], embedder: Embedder, tuned: SearchOptions | null): Promise<{ rows: (string | number)[][]; tuned: SearchOptions; chunks: number }> {
  const root = await mkdtemp(join(tmpdir(), 'pdw-retrieval-'));
  const baseline = wholeDocumentBm25(items);
  let library: Library | null = null;
  try {
    for (const item of items) await writeFile(join(root, `${item.name}.txt`), item.body);
    library = await openLibrary({ dataDir: join(root, 'data'), embedder });
    await library.ingest(items.map((item) => join(root, `${item.name}.txt`)));
    const lib = library;
    const pdw = (options: SearchOptions) => (query: string) => lib.search(query, { ...options, k: 10 }).then((hits) => hits.map((h) => basename(h.path, '.txt')));
    const chosen = tuned ?? (await tune(items, pdw));
    const bm25 = await judge(items, (query) => baseline.search(query));
    const tunedHere = tuned ? '' : ' (tuned here)';
    const runs: [string, Scores][] = [
      ['FTS5 bm25, whole documents', bm25],
      ['PDW vector only', await judge(items, pdw({ mode: 'vector' }))],
      ['PDW keyword only', await judge(items, pdw({ mode: 'keyword' }))],
      [
        `PDW hybrid, library defaults (k=${DEFAULT_RRF_K}, vector weight ${DEFAULT_VECTOR_WEIGHT}, document evidence ${DEFAULT_DOCUMENT_EVIDENCE})`,
        await judge(items, pdw({ mode: 'hybrid' })),
      ],
      ['PDW hybrid, library defaults, best chunk only (document evidence 0)', await judge(items, pdw({ mode: 'hybrid', documentEvidence: 0 }))],
      ['PDW hybrid, k=60 equal weights (before)', await judge(items, pdw({ mode: 'hybrid', rrfK: 60, vectorWeight: 1, documentEvidence: 0 }))],
      [`PDW hybrid, k=${chosen.rrfK} vector weight ${chosen.vectorWeight}${tunedHere}`, await judge(items, pdw({ ...chosen, documentEvidence: 0 }))],
      [`PDW hybrid, same + document evidence ${chosen.documentEvidence}${tunedHere}`, await judge(items, pdw(chosen))],
      [`PDW keyword only, k=${chosen.rrfK} + document evidence ${chosen.documentEvidence}`, await judge(items, pdw({ mode: 'keyword', rrfK: chosen.rrfK, documentEvidence: chosen.documentEvidence }))],
    ];
    const rows = runs.map(([label, s]) => [corpus.id, label, s.mrr, s.recall, s.ndcg, Number((s.mrr / (bm25.mrr || 1)).toFixed(3)), s.queries]);
    return { rows, tuned: chosen, chunks: library.stats().chunks };
  } finally {
    baseline.close();
    await library?.close();
    await rm(root, { recursive: true, force: true });
  }
}

async function tune(items: KnownItem[], pdw: (options: SearchOptions) => (query: string) => Promise<string[]>): Promise<SearchOptions> {
  let best: { options: SearchOptions; mrr: number } | null = null;
  for (const rrfK of TUNING_GRID.rrfK) {
    for (const vectorWeight of TUNING_GRID.vectorWeight) {
      const options: SearchOptions = { mode: 'hybrid', rrfK, vectorWeight };
      const { mrr } = await judge(items, pdw(options));
      if (!best || mrr > best.mrr) best = { options, mrr };
    }
  }
  const fusion = best?.options ?? { mode: 'hybrid' };
  best = null;
  for (const documentEvidence of TUNING_GRID.documentEvidence) {
    const options: SearchOptions = { ...fusion, documentEvidence };
    const { mrr } = await judge(items, pdw(options));
    if (!best || mrr > best.mrr) best = { options, mrr };
  }
  return best?.options ?? fusion;
}
