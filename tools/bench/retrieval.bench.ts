// Retrieval quality on real text nobody on the project wrote, in corpora built from what Debian ships
// (manual pages, the Python library reference, package descriptions, GNU Info manuals). Every document comes
// with a known-item query derived from it and cut out of it (a NAME line, a page heading, a package synopsis,
// a section heading), hundreds per corpus and none hand-picked. In the same run: plain SQLite FTS5 bm25 over
// whole documents (the baseline) and PDW's vector-only, keyword-only and hybrid search, with and without
// whole-document evidence and with its candidate fields side by side, scored by MRR, recall@10 and nDCG@10.
// Weights are tuned on the first corpus only and reported on every corpus, so the others judge settings never
// fitted to them; the last corpus is held out from every choice.
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import type { Embedder } from '../../src-main/embed/embedder.ts';
import { openLibrary, type Library } from '../../src-main/library/library.ts';
import { DEFAULT_DOCUMENT_KEYWORDS, type DocumentEvidenceOptions, type DocumentFieldWeights } from '../../src-main/search/document-keywords.ts';
import type { SearchOptions } from '../../src-main/search/hybrid-search.ts';
import { DEFAULT_RRF_K, DEFAULT_VECTOR_WEIGHT } from '../../src-main/search/fusion.ts';
import { DEFAULT_PROXIMITY, NO_PROXIMITY, type ProximityOptions } from '../../src-main/search/term-proximity.ts';
import { DEFAULT_FILE_NAME_WORDS, FILE_NAME_DEPTH, NO_FILE_NAME_WORDS } from '../../src-main/search/file-name-words.ts';
import type { BenchTable } from './table.ts';
import { CONFIGURED_EMBEDDER_ENV, configuredEmbedder } from './retrieval/configured-embedder.ts';
import type { Corpus } from './retrieval/corpus.ts';
import { withCorpusFolder } from './retrieval/corpus-folder.ts';
import { debianPackages } from './retrieval/debian-packages.ts';
import { wholeDocumentBm25, type WholeDocumentIndex } from './retrieval/fts-baseline.ts';
import { judge, type KnownItem, type Scores } from './retrieval/known-item.ts';
import { manPages } from './retrieval/man-pages.ts';
import { pythonDocs } from './retrieval/python-docs.ts';
import { infoManuals } from './retrieval/info-manuals.ts';
import { countingTwins, TWIN_JACCARD, twinsOf } from './retrieval/twins.ts';

const ITEMS = Number(process.env.PDW_BENCH_ITEMS ?? 400);
const VECTOR_CACHE = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
const INSTALL = 'apt-get install man-db manpages python3-doc (Info manuals come with coreutils, sed, grep, gettext, gnupg, ...)';
/** Whole-document keyword evidence, side by side: which fields, and (chosen on the first corpus) the weight in the fusion. */
const DOCUMENT_FIELDS: Record<string, DocumentFieldWeights> = {
  'title + path': [1, 1, 0],
  'full text': [0, 0, 1],
  'title + path + full text': [1, 1, 1],
  'title, path ×10 + full text': [10, 10, 1],
  'title, path ×50 + full text': [50, 50, 1],
};
const DOCUMENT_WEIGHTS = [0.75, 1, 1.5, 2];
/** The vector half's weight beside the library's whole-document evidence (default DEFAULT_VECTOR_WEIGHT). */
const VECTOR_WEIGHTS = [0.02, 0.05];
type Tuned = Record<string, DocumentEvidenceOptions>;
/** Term proximity as it was before the file-name words (the "before" row). */
const PROXIMITY_BEFORE_FILE_NAMES: ProximityOptions = { weight: 0.2, window: 1, coverage: 0.1 };

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
  const configured = await configuredEmbedder();
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  let tuned: Tuned | null = null;
  for (const { corpus, items } of loaded) {
    const judged = await judgeCorpus(corpus, items, embedder, tuned);
    tuned ??= judged.tuned;
    rows.push(...judged.rows);
    if (configured) rows.push(...(await judgeConfigured(corpus, items, configured, judged.bm25Mrr)));
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
        `whole documents: bm25 over one row per document (title, path, full text; column weights as named), fused by reciprocal rank with the documents ranked from their passages; its weight (${DOCUMENT_WEIGHTS.join('/')}) chosen per field set on ${loaded[0]?.corpus.id ?? 'the first corpus'} only`,
        `library defaults: whole documents ${fieldsLabel(DEFAULT_DOCUMENT_KEYWORDS)}, the query's words inside the top ${FILE_NAME_DEPTH} documents' file names weight ${DEFAULT_FILE_NAME_WORDS.weight}, term proximity weight ${DEFAULT_PROXIMITY.weight} (window ${DEFAULT_PROXIMITY.window}) and coverage ${DEFAULT_PROXIMITY.coverage} over the top documents' passages; "passages only": without whole-document evidence; ${corpora.at(-1)?.id} is held out (never tuned on)`,
        `twins counted: a document holding nearly the same words as the right one (word-set Jaccard ≥ ${TWIN_JACCARD}) and every query word it holds, in its text and its name alike, counts as right too, for the baseline and PDW alike (the other rows: one right document); MRR / bm25 beside the baseline with the same rule`,
        'MRR: mean 1/rank of the right document (0 outside the top 10); recall@10: share found in the top 10; nDCG@10: mean 1/log2(rank + 1)',
        `the corpora come from Debian packages: ${INSTALL} (PDW_BENCH_ITEMS sets documents per corpus, default 400)`,
        configured
          ? `configured embedder ${configured.id} (${configured.dimension} dimensions): ${configured.stats.embedded} texts embedded, ${configured.stats.cached} from the cache`
          : `no configured embedder: judge one beside the bundled one with ${CONFIGURED_EMBEDDER_ENV} (key: PDW_EMBEDDING_API_KEY)`,
      ],
    },
  ];
}

async function judgeCorpus(
  corpus: Corpus,
  items: KnownItem[],
  embedder: Embedder,
  tuned: Tuned | null,
): Promise<{ rows: (string | number)[][]; tuned: Tuned; chunks: number; bm25Mrr: number }> {
  const baseline = wholeDocumentBm25(items);
  try {
    return await withCorpusLibrary(items, embedder, async (library, pdw) => {
      const chosen = tuned ?? (await tune(items, pdw));
      const bm25 = await judge(items, (query) => baseline.search(query));
      const tunedHere = tuned ? '' : ' (weight tuned here)';
      const passagesOnly = { weight: 0, fields: DEFAULT_DOCUMENT_KEYWORDS.fields } satisfies DocumentEvidenceOptions;
      const runs: [string, Scores][] = [
        ['FTS5 bm25, whole documents', bm25],
        ['PDW vector only', await judge(items, pdw({ mode: 'vector' }))],
        ['PDW keyword only, passages only', await judge(items, pdw({ mode: 'keyword', documentKeywords: passagesOnly }))],
        ['PDW keyword only, library defaults', await judge(items, pdw({ mode: 'keyword' }))],
        ['PDW hybrid, passages only', await judge(items, pdw({ mode: 'hybrid', documentKeywords: passagesOnly }))],
        ['PDW keyword only, no term proximity', await judge(items, pdw({ mode: 'keyword', proximity: NO_PROXIMITY }))],
        ['PDW hybrid, no term proximity (before)', await judge(items, pdw({ mode: 'hybrid', proximity: NO_PROXIMITY }))],
        ['PDW hybrid, no file-name words', await judge(items, pdw({ mode: 'hybrid', fileNameWords: NO_FILE_NAME_WORDS }))],
        ['PDW hybrid, before file-name words (proximity 0.2, coverage 0.1)', await judge(items, pdw({ mode: 'hybrid', fileNameWords: NO_FILE_NAME_WORDS, proximity: PROXIMITY_BEFORE_FILE_NAMES }))],
        ['PDW hybrid, library defaults', await judge(items, pdw({ mode: 'hybrid' }))],
      ];
      for (const vectorWeight of VECTOR_WEIGHTS) runs.push([`PDW hybrid, library defaults, vector weight ${vectorWeight}`, await judge(items, pdw({ mode: 'hybrid', vectorWeight }))]);
      for (const [label, options] of Object.entries(chosen)) {
        runs.push([`PDW hybrid + whole documents: ${label}, weight ${options.weight}${tunedHere}`, await judge(items, pdw({ mode: 'hybrid', documentKeywords: options }))]);
      }
      const rows = runs.map(([label, s]) => [corpus.id, label, s.mrr, s.recall, s.ndcg, Number((s.mrr / (bm25.mrr || 1)).toFixed(3)), s.queries]);
      rows.push(...(await twinRows(corpus, items, baseline, pdw)));
      return { rows, tuned: chosen, chunks: library.stats().chunks, bm25Mrr: bm25.mrr };
    });
  } finally {
    baseline.close();
  }
}

/** The baseline, keyword only and hybrid again with an item's indistinguishable twins counted as right (twins.ts). */
async function twinRows(corpus: Corpus, items: KnownItem[], baseline: WholeDocumentIndex, pdw: Ranker): Promise<(string | number)[][]> {
  const twins = twinsOf(items);
  const label = `twins counted (${twins.size} items)`;
  const runs: [string, Scores][] = [
    [`FTS5 bm25, whole documents, ${label}`, await judge(items, countingTwins(items, twins, (query) => baseline.search(query)))],
    [`PDW keyword only, library defaults, ${label}`, await judge(items, countingTwins(items, twins, pdw({ mode: 'keyword' })))],
    [`PDW hybrid, library defaults, ${label}`, await judge(items, countingTwins(items, twins, pdw({ mode: 'hybrid' })))],
  ];
  const bm25 = runs[0]?.[1].mrr || 1;
  return runs.map(([name, s]) => [corpus.id, name, s.mrr, s.recall, s.ndcg, Number((s.mrr / bm25).toFixed(3)), s.queries]);
}

type Ranker = (options: SearchOptions) => (query: string) => Promise<string[]>;

/** Ingests the corpus into a fresh library with `embedder` (from one fixed folder, so paths never differ between runs) and hands it over with a ranker of document names. */
async function withCorpusLibrary<T>(items: KnownItem[], embedder: Embedder, use: (library: Library, pdw: Ranker) => Promise<T>): Promise<T> {
  return withCorpusFolder(async (root) => {
    let library: Library | null = null;
    try {
      for (const item of items) await writeFile(join(root, `${item.name}.txt`), item.body);
      library = await openLibrary({ dataDir: join(root, 'data'), embedder });
      await library.ingest(items.map((item) => join(root, `${item.name}.txt`)));
      const lib = library;
      return await use(lib, (options) => (query) => lib.search(query, { ...options, k: 10 }).then((hits) => hits.map((h) => basename(h.path, '.txt'))));
    } finally {
      await library?.close();
    }
  });
}

/** For each field set, the fusion weight with the best MRR. */
async function tune(items: KnownItem[], pdw: Ranker): Promise<Tuned> {
  const tuned: Tuned = {};
  for (const [label, fields] of Object.entries(DOCUMENT_FIELDS)) {
    let best: { options: DocumentEvidenceOptions; mrr: number } | null = null;
    for (const weight of DOCUMENT_WEIGHTS) {
      const options = { weight, fields };
      const { mrr } = await judge(items, pdw({ mode: 'hybrid', documentKeywords: options }));
      if (!best || mrr > best.mrr) best = { options, mrr };
    }
    if (best) tuned[label] = best.options;
  }
  return tuned;
}

function fieldsLabel(options: DocumentEvidenceOptions): string {
  const [title, path, body] = options.fields;
  return `weight ${options.weight}, title ${title} / path ${path} / full text ${body}`;
}

/** The same corpus and queries with the configured embedder: its vector half, and hybrid at a few vector weights. */
async function judgeConfigured(corpus: Corpus, items: KnownItem[], embedder: Embedder, bm25Mrr: number): Promise<(string | number)[][]> {
  return withCorpusLibrary(items, embedder, async (_library, pdw) => {
    const runs: [string, SearchOptions][] = [
      ['vector only', { mode: 'vector' }],
      [`hybrid, library defaults (k=${DEFAULT_RRF_K}, vector weight ${DEFAULT_VECTOR_WEIGHT})`, { mode: 'hybrid' }],
      ...[0.3, 0.5, 1].map((vectorWeight): [string, SearchOptions] => [`hybrid, k=${DEFAULT_RRF_K} vector weight ${vectorWeight}`, { mode: 'hybrid', vectorWeight }]),
      ['hybrid, k=60 equal weights', { mode: 'hybrid', rrfK: 60, vectorWeight: 1 }],
    ];
    const rows: (string | number)[][] = [];
    for (const [label, options] of runs) {
      const s = await judge(items, pdw(options));
      rows.push([corpus.id, `${embedder.id}: ${label}`, s.mrr, s.recall, s.ndcg, Number((s.mrr / (bm25Mrr || 1)).toFixed(3)), s.queries]);
    }
    return rows;
  });
}
