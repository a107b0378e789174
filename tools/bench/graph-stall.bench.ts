// How long a search waits while a big library's graph does background work: the first change after opening (a
// mapped graph used to be read whole into memory on its worker), the save after it (the graph used to be written
// whole) and, for a graph kept in segments, the merge of its delta into a new base. Vector-only searches (the
// graph's half alone) are sent every 5 ms throughout, each after the previous answer.
//
//   PDW_BENCH_LIBRARY=<data folder of a library built by `npm run bench library` with PDW_BENCH_KEEP>
//   (it is changed: pass a copy) npm run bench graph-stall
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { openLibrary, type Library } from '../../src-main/library/library.ts';
import { Corpus } from './library.bench.ts';
import type { BenchTable } from './table.ts';

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
const SEARCH_GAP_MS = 5;

interface Phase {
  phase: string;
  seconds: number;
  searches: number[];
}

export default async function graphStallBench(): Promise<BenchTable[]> {
  const dataDir = process.env.PDW_BENCH_LIBRARY;
  if (!dataDir) throw new Error('Set PDW_BENCH_LIBRARY to the data folder of a copy of a kept benchmark library (PDW_BENCH_KEEP).');
  const embedder = await createBundledEmbedder(CACHE_DIR);
  const corpus = new Corpus(embedder, 0);
  const docs = await mkdtemp(join(tmpdir(), 'pdw-stall-'));
  // A tiny merge fraction makes the save after the change start a merge at once (a graph kept whole ignores it).
  const library = await openLibrary({ dataDir, embedder, graphMergeFraction: 1e-9 });
  try {
    await library.settle();
    const queries = Array.from({ length: 50 }, () => corpus.queryFrom(corpus.document(), 3));
    for (const q of queries.slice(0, 10)) await library.search(q, { mode: 'vector', k: 10 }); // warm up
    // The same searches with no background work: what the machine's load alone costs them.
    const phases: Phase[] = [await timed('nothing (reference, 3 s)', library, queries, () => sleep(3000))];
    const file = join(docs, 'new-document.txt');
    await writeFile(file, corpus.document());
    phases.push(await timed('first change after opening (1 document)', library, queries, async () => {
      await library.ingest([file]);
      await library.settle();
    }));
    const rssAfterChange = Math.round(process.memoryUsage().rss / 1048576);
    phases.push(await timed('save (flush)', library, queries, () => library.flush()));
    const merging = (library as Library & { graphMerging?: boolean }).graphMerging === true;
    if (merging) phases.push(await timed('merge into a new base', library, queries, () => library.settle()));
    return [
      {
        title: `Graph background work vs searches (${library.stats().chunks.toLocaleString('en-US')} chunks; ${process.env.PDW_BENCH_LABEL ?? 'this build'})`,
        columns: ['phase', 'phase s', 'searches answered', 'search p50 ms', 'search p99 ms', 'longest search ms'],
        rows: phases.map(({ phase, seconds, searches }) => [phase, Number(seconds.toFixed(2)), searches.length, percentile(searches, 0.5), percentile(searches, 0.99), percentile(searches, 1)]),
        notes: [
          `vector-only searches (k=10) sent every ${SEARCH_GAP_MS} ms, each after the previous answer, from the phase's start to its end`,
          `RSS after the first change: ${rssAfterChange} MB`,
        ],
      },
    ];
  } finally {
    await library.close();
    await rm(docs, { recursive: true, force: true });
  }
}

/** Runs `work` while searching in a loop; returns how long it took and each search's time. */
async function timed(phase: string, library: Library, queries: string[], work: () => Promise<unknown>): Promise<Phase> {
  const searches: number[] = [];
  let done = false;
  const searching = (async () => {
    for (let i = 0; !done; i++) {
      const started = performance.now();
      await library.search(queries[i % queries.length] ?? 'test', { mode: 'vector', k: 10 });
      searches.push(performance.now() - started);
      await sleep(SEARCH_GAP_MS);
    }
  })();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  done = true;
  await searching;
  return { phase, seconds, searches };
}

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1));
}
