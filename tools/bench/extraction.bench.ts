// Ingest of a large PDF while searches keep coming: how long the main thread answers a search while the
// PDF is extracted on the extraction worker, against extracting on the main thread (the worker file
// absent, as in a bundle that did not emit it). The rest of the pipeline (chunking, embedding, the
// catalog) runs on the main thread in both.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createBundledEmbedder, type WordVectorEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { openLibrary, type LibraryOptions } from '../../src-main/library/library.ts';
import { makeBigPdf } from '../../test/fixtures/library/pdf.ts';
import type { BenchTable } from './table.ts';

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
const PAGES = Number(process.env.PDW_BENCH_PDF_PAGES ?? 1000);
const MODES: { name: string; extraction: LibraryOptions['extraction'] }[] = [
  { name: 'worker thread', extraction: {} },
  { name: 'main thread', extraction: { workerUrl: new URL('file:///nonexistent/extract-worker.ts') } },
];

export default async function extractionBench(): Promise<BenchTable[]> {
  const embedder = await createBundledEmbedder(CACHE_DIR);
  const root = await mkdtemp(join(tmpdir(), 'pdw-bench-extract-'));
  try {
    const docs = join(root, 'docs');
    await mkdir(docs);
    for (let i = 0; i < 200; i++) await writeFile(join(docs, `note-${i}.txt`), `Note ${i}\n\nThe orchard keeps apples and pears; crate ${i} went to the market.\n`);
    const pdf = makeBigPdf(PAGES);
    await writeFile(join(root, 'big.pdf'), pdf);
    const rows: (string | number)[][] = [];
    for (const mode of MODES) rows.push([mode.name, ...(await measure(embedder, root, mode.extraction))]);
    return [
      {
        title: `Searching while a ${(pdf.length / 1024 / 1024).toFixed(1)} MB, ${PAGES}-page PDF is ingested (library of 200 notes)`,
        columns: ['extraction on', 'ingest s', 'searches answered', 'search p50 ms', 'search p90 ms', 'search max ms'],
        rows,
        notes: [
          'a search (Library.search, hybrid, k=10) is due 5 ms after the previous answer for as long as the ingest runs; latency = from due to answered, so time the event loop was blocked counts',
          'the main thread still chunks and embeds the extracted text (~2.8 M characters, 3,000 chunks), commits them in one transaction and adds their vectors to the index in one synchronous pass: that pass bounds the worst case of the worker row',
        ],
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function measure(embedder: WordVectorEmbedder, root: string, extraction: LibraryOptions['extraction']): Promise<number[]> {
  const dataDir = await mkdtemp(join(root, 'data-'));
  const library = await openLibrary({ dataDir, embedder, ...(extraction ? { extraction } : {}) });
  try {
    await library.ingest([join(root, 'docs')]);
    // PDF.js loads on the first PDF: load it first so the row measures parsing, not the import.
    await writeFile(join(root, 'warm.pdf'), makeBigPdf(1));
    await library.ingest([join(root, 'warm.pdf')]);
    const latencies: number[] = [];
    let done = false;
    const started = performance.now();
    const ingest = library.ingest([join(root, 'big.pdf')]).finally(() => (done = true));
    while (!done) {
      const due = performance.now() + 5;
      await sleep(5);
      await library.search('apples in the orchard market');
      latencies.push(performance.now() - due);
    }
    const summary = await ingest;
    if (summary.counts.ingested !== 1) throw new Error(`the big PDF was not ingested: ${JSON.stringify(summary.outcomes)}`);
    latencies.sort((a, b) => a - b);
    return [
      (performance.now() - started) / 1000,
      latencies.length,
      latencies[Math.floor(latencies.length * 0.5)] ?? 0,
      latencies[Math.floor(latencies.length * 0.9)] ?? 0,
      latencies.at(-1) ?? 0,
    ];
  } finally {
    await library.close();
  }
}
