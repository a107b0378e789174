// What an ingest of 1,000 documents costs, new and then every one of them rewritten (their old chunks removed,
// which the catalog logs with their text for the keyword heads): a fresh library in a temp folder each time,
// ingested through Library.ingest with the bundled embedder, its keyword heads left to settle in between; and
// the same documents' catalog commits alone (Catalog.putDocuments in ingest's batches, no embedding), where the
// log's work is, with less noise around it.
//   PDW_BENCH_BEFORE=<folder holding another checkout's src-main> npm run bench rewrite-cost
// runs that code beside this one's, taking turns (before, after, before, after, ...).
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createBundledEmbedder, type WordVectorEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import type { Catalog as CatalogClass } from '../../src-main/library/catalog.ts';
import type { openLibrary as OpenLibrary } from '../../src-main/library/library.ts';
import { Corpus } from './library.bench.ts';
import type { BenchTable } from './table.ts';

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
const DOCUMENTS = Number(process.env.PDW_BENCH_DOCUMENTS ?? 1000);
const ROUNDS = Number(process.env.PDW_BENCH_ROUNDS ?? 3);
/** Documents a commit (ingest's batches: 64 documents or 256 chunks, whichever comes first). */
const BATCH = 25;

interface Code {
  label: string;
  openLibrary: typeof OpenLibrary;
  Catalog: typeof CatalogClass;
}

export default async function rewriteCostBench(): Promise<BenchTable[]> {
  const codes: Code[] = [];
  const before = process.env.PDW_BENCH_BEFORE;
  if (before) codes.push(await code('before', (path) => pathToFileURL(join(before, 'src-main/library', path)).href));
  codes.push(await code(before ? 'after' : 'this branch', (path) => new URL(`../../src-main/library/${path}`, import.meta.url).href));
  const embedder = await createBundledEmbedder(CACHE_DIR);
  const commits: (string | number)[][] = [];
  for (let round = 0; round < 2 * ROUNDS; round++) {
    for (const code of codes) commits.push([code.label, ...(await measureCommits(code.Catalog, embedder, round))]);
  }
  const rows: (string | number)[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const code of codes) rows.push([code.label, ...(await measure(code.openLibrary, embedder, round))]);
  }
  return [
    {
      title: `The catalog's commits of ${DOCUMENTS} documents (10 chunks each), new and then rewritten, in batches of ${BATCH} documents`,
      columns: ['code', 'new: wall ms', 'CPU ms', 'rewritten: wall ms', 'CPU ms', 'load average'],
      rows: commits,
      notes: ['Catalog.putDocuments of the texts cut at their paragraphs, with 100-float vectors, in a fresh catalog; CPU = this process\'s user + system time'],
    },
    {
      title: `An ingest of ${DOCUMENTS} documents (10 chunks each) into a fresh library, then of the same documents rewritten`,
      columns: ['code', 'chunks', 'new: wall s', 'CPU s', 'rewritten: wall s', 'CPU s', 'load average'],
      rows,
      notes: [
        'wall = Library.ingest of the folder; CPU = the process\'s user + system time meanwhile (the graph\'s worker included)',
        'rewritten = every file given new text and the folder ingested again: each document\'s old chunks are removed in the transaction that adds its new ones',
        `the library settled (graph, keyword heads) before each ingest; the same texts for both codes in a round; ${cpus().length} cores, shared`,
      ],
    },
  ];
}

async function code(label: string, url: (path: string) => string): Promise<Code> {
  const { openLibrary } = (await import(url('library.ts'))) as { openLibrary: typeof OpenLibrary };
  const { Catalog } = (await import(url('catalog.ts'))) as { Catalog: typeof CatalogClass };
  return { label, openLibrary, Catalog };
}

async function measureCommits(Catalog: typeof CatalogClass, embedder: WordVectorEmbedder, round: number): Promise<number[]> {
  const root = await mkdtemp(join(tmpdir(), 'pdw-rewrite-cost-'));
  try {
    const catalog = Catalog.open(join(root, 'catalog.sqlite'));
    try {
      const cells: number[] = [];
      for (const version of [0, 1]) {
        const corpus = new Corpus(embedder, 0, 1000 * round + version + 1);
        const documents = Array.from({ length: DOCUMENTS }, (_, i) => catalogDocument(`/docs/doc-${i}.txt`, corpus.document()));
        const cpu = process.cpuUsage();
        const t = performance.now();
        for (let i = 0; i < documents.length; i += BATCH) catalog.putDocuments(documents.slice(i, i + BATCH));
        const used = process.cpuUsage(cpu);
        cells.push(Math.round(performance.now() - t), Math.round((used.user + used.system) / 1000));
      }
      return [...cells, round2(loadavg()[0] ?? 0)];
    } finally {
      catalog.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** A document as ingest commits it: its paragraphs as chunks, each with a vector. */
function catalogDocument(path: string, text: string): Parameters<CatalogClass['putDocuments']>[0][number] {
  let start = 0;
  const chunks = text.split('\n\n').map((paragraph) => {
    const chunk = { start, end: start + paragraph.length, text: paragraph, vector: Float32Array.from({ length: 100 }, (_, i) => Math.sin(start + i)) };
    start += paragraph.length + 2;
    return chunk;
  });
  const doc = { path, folder: '/docs', hash: String(text.length), type: 'text' as const, size: text.length, mtime: 0, title: path, ingestedAt: 0 };
  return { doc, chunks };
}

async function measure(openLibrary: typeof OpenLibrary, embedder: WordVectorEmbedder, round: number): Promise<number[]> {
  const root = await mkdtemp(join(tmpdir(), 'pdw-rewrite-cost-'));
  try {
    const docs = join(root, 'docs');
    await mkdir(docs);
    const library = await openLibrary({ dataDir: join(root, 'data'), embedder, answerBeforeGraph: true });
    try {
      const cells: number[] = [];
      for (const version of [0, 1]) {
        // Seeded per round and version: both codes ingest the same texts.
        const corpus = new Corpus(embedder, 0, 1000 * round + version + 1);
        for (let i = 0; i < DOCUMENTS; i++) await writeFile(join(docs, `doc-${i}.txt`), corpus.document());
        await library.settle();
        const cpu = process.cpuUsage();
        const t = performance.now();
        const summary = await library.ingest([docs]);
        const wall = (performance.now() - t) / 1000;
        const used = process.cpuUsage(cpu);
        if (summary.counts.failed) throw new Error(`ingest failed: ${JSON.stringify(summary.counts)}`);
        cells.push(round2(wall), round2((used.user + used.system) / 1e6));
      }
      await library.settle();
      return [library.stats().chunks, ...cells, round2(loadavg()[0] ?? 0)];
    } finally {
      await library.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function round2(value: number): number {
  return Number(value.toFixed(2));
}
