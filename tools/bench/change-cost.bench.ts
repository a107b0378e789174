// What a one-document change costs a big library after it settled: the library opened and left to settle
// (what "settled" waits for after opening), then one document rewritten and ingested again, timed until
// the library settled again, with the longest pause of the main thread meanwhile (searches wait that long).
// Runs on libraries kept by `PDW_BENCH_KEEP=1 npm run bench library` (each is changed: use copies):
//   PDW_BENCH_REUSE=<copy>[,<copy>...] npm run bench change-cost
// PDW_BENCH_BEFORE=<folder holding another checkout's src-main> adds that code's rows beside this one's, the
// two taking turns on the same library (before, after, before, after) so that the machine's load hits both;
// PDW_BENCH_BEFORE_REUSE=<copy>[,<copy>...] gives the before code copies of its own (one per library), for
// when this code's catalog schema is newer (the older code refuses a catalog this one migrated).
// PDW_BENCH_CHANGE=restart measures a restart instead: the library opened and settled, one document rewritten
// and the library closed at once (its keyword heads not brought up to date, as after a quit or a crash), then
// opened again and timed until settled.
import { loadavg } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import type { Library, openLibrary as OpenLibrary } from '../../src-main/library/library.ts';
import { Corpus } from './library.bench.ts';
import type { BenchTable } from './table.ts';

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
const ROUNDS = Number(process.env.PDW_BENCH_ROUNDS ?? 2);

interface Code {
  label: string;
  openLibrary: typeof OpenLibrary;
  /** The library copies this code runs on, one per library. */
  roots: string[];
}

function copies(variable: string): string[] {
  return (process.env[variable] ?? '').split(',').filter(Boolean);
}

export default async function changeCostBench(): Promise<BenchTable[]> {
  const libraries = copies('PDW_BENCH_REUSE');
  if (!libraries.length) throw new Error('Set PDW_BENCH_REUSE to copies of libraries kept by `PDW_BENCH_KEEP=1 npm run bench library`.');
  const codes: Code[] = [];
  const before = process.env.PDW_BENCH_BEFORE;
  const beforeCopies = copies('PDW_BENCH_BEFORE_REUSE');
  if (before) codes.push({ label: 'before', openLibrary: await libraryOpener(pathToFileURL(join(before, 'src-main/library/library.ts')).href), roots: beforeCopies.length ? beforeCopies : libraries });
  codes.push({ label: before ? 'after' : 'this branch', openLibrary: await libraryOpener(new URL('../../src-main/library/library.ts', import.meta.url).href), roots: libraries });
  const embedder = await createBundledEmbedder(CACHE_DIR);
  const corpus = new Corpus(embedder, 0);
  const restart = process.env.PDW_BENCH_CHANGE === 'restart';
  const rows: (string | number)[][] = [];
  for (let library = 0; library < libraries.length; library++) {
    for (let round = 0; round < ROUNDS; round++) {
      for (const code of codes) {
        const root = code.roots[library] ?? '';
        const paths = [await documentToRewrite(root, 2 * rows.length), await documentToRewrite(root, 2 * rows.length + 1)];
        const cells = restart ? await measureRestart(code, root, paths[0] ?? '', corpus.document(), embedder) : await measure(code, root, paths, () => corpus.document(), embedder);
        rows.push([code.label, ...cells]);
      }
    }
  }
  if (restart) return [restartTable(rows)];
  return [
    {
      title: 'A one-document change in a settled library (one document of 10 chunks rewritten and ingested again)',
      columns: ['code', 'chunks', 'settle after open s', '1st change: ingest s', 'then settled in s', 'longest pause ms', '2nd change: ingest s', 'then settled in s', 'longest pause ms', 'load average'],
      rows,
      notes: [
        'settle after open = Library.settle() right after openLibrary: the saved graph read on its worker, keyword heads brought up to date if they were not',
        'ingest = Library.ingest of the rewritten file (its chunks replaced, the graph update posted); then settled = Library.settle() after it: graph updates, merges, keyword heads',
        '1st / 2nd change = two documents rewritten one after the other after opening (the first also learns which words are too common for a head when the heads\' last full build did not record them)',
        'longest main-thread pause = the longest a 10 ms timer waited past its time from the ingest to settled: what a search waits at worst meanwhile',
        'load average = 1-minute load when the row was measured (2 cores, shared)',
      ],
    },
  ];
}

async function libraryOpener(url: string): Promise<typeof OpenLibrary> {
  return ((await import(url)) as { openLibrary: typeof OpenLibrary }).openLibrary;
}

/**
 * A document of the kept library, moved to its copy's docs folder: the catalog holds the paths of the library's
 * original folder, and the change must replace a document (its chunks removed), not add one.
 */
async function documentToRewrite(root: string, n: number): Promise<string> {
  const db = new Database(join(root, 'data', 'library', 'catalog.sqlite'));
  try {
    const row = db.prepare("SELECT id, path FROM documents WHERE path LIKE '%/folder-0/doc-%' ORDER BY id LIMIT 1 OFFSET ?").get(n) as { id: number; path: string };
    const path = join(root, 'docs', 'folder-0', row.path.split('/').at(-1) ?? '');
    db.prepare('UPDATE documents SET path = ?, folder = ? WHERE id = ?').run(path, join(root, 'docs', 'folder-0'), row.id);
    await readFile(path); // the copy has the file
    return path;
  } finally {
    db.close();
  }
}

async function measure(code: Code, root: string, paths: string[], text: () => string, embedder: Awaited<ReturnType<typeof createBundledEmbedder>>): Promise<(string | number)[]> {
  const library = await code.openLibrary({ dataDir: join(root, 'data'), embedder, answerBeforeGraph: true });
  try {
    const t = performance.now();
    await library.settle();
    const cells: (string | number)[] = [seconds(t)];
    for (const path of paths) cells.push(...(await rewrite(library, path, text())));
    return [library.stats().chunks, ...cells, Number(loadavg()[0]?.toFixed(1))];
  } finally {
    await library.close();
  }
}

/**
 * A restart after a change: opened and settled (s), one document rewritten and ingested (s) and the library closed
 * at once, its keyword heads left behind; then opened again: seconds until settled, the longest main-thread pause
 * meanwhile (ms), and whether the heads were current then.
 */
async function measureRestart(code: Code, root: string, path: string, text: string, embedder: Awaited<ReturnType<typeof createBundledEmbedder>>): Promise<(string | number)[]> {
  const options = { dataDir: join(root, 'data'), embedder, answerBeforeGraph: true };
  const first = await code.openLibrary(options);
  const cells: (string | number)[] = [];
  try {
    let t = performance.now();
    await first.settle();
    cells.push(seconds(t));
    await writeFile(path, text);
    t = performance.now();
    const summary = await first.ingest([path]);
    if (summary.counts.updated !== 1) throw new Error(`the rewritten document was not updated: ${JSON.stringify(summary.counts)}`);
    cells.push(seconds(t));
  } finally {
    await first.close(); // before the keyword heads' update took a step
  }
  const t = performance.now();
  const library = await code.openLibrary(options);
  try {
    const pauses = pauseProbe();
    await library.settle();
    cells.push(seconds(t), Math.round(pauses.stop()), headsCurrent(root) ? 'yes' : 'no');
    return [library.stats().chunks, ...cells, Number(loadavg()[0]?.toFixed(1))];
  } finally {
    await library.close();
  }
}

function restartTable(rows: (string | number)[][]): BenchTable {
  return {
    title: 'Opening after a change whose keyword heads were not brought up to date (one document of 10 chunks rewritten, then the library closed)',
    columns: ['code', 'chunks', 'settle after open s', 'change: ingest s', 'reopened: settled in s', 'longest pause ms', 'heads current', 'load average'],
    rows,
    notes: [
      'settle after open = Library.settle() right after the first openLibrary; change = Library.ingest of the rewritten file, the library closed as soon as it returned (the heads\' update given up at its first step)',
      'reopened: settled in = openLibrary again, then Library.settle(): the graph read on its worker and the heads brought up to date with the change',
      'longest main-thread pause = the longest a 10 ms timer waited past its time from the reopened library to settled',
      'heads current = the stored heads were current for the catalog once settled (read from the catalog file)',
      'load average = 1-minute load when the row was measured (2 cores, shared)',
    ],
  };
}

/** Whether the keyword heads stored in a library's catalog are current for its generation (with whatever settings). */
function headsCurrent(root: string): boolean {
  const db = new Database(join(root, 'data', 'library', 'catalog.sqlite'), { readonly: true });
  try {
    const state = (key: string) => db.prepare('SELECT value FROM state WHERE key = ?').pluck().get(key) as string | undefined;
    return state('keyword_heads_generation')?.split(' ')[0] === state('generation');
  } finally {
    db.close();
  }
}

/** Ingest seconds, then seconds until settled, and the longest main-thread pause meanwhile (ms). */
async function rewrite(library: Library, path: string, text: string): Promise<number[]> {
  await writeFile(path, text);
  const pauses = pauseProbe();
  let t = performance.now();
  const summary = await library.ingest([path]);
  const ingest = seconds(t);
  if (summary.counts.updated !== 1) throw new Error(`the rewritten document was not updated: ${JSON.stringify(summary.counts)}`);
  t = performance.now();
  await library.settle();
  return [ingest, seconds(t), Math.round(pauses.stop())];
}

function seconds(since: number): number {
  return Number(((performance.now() - since) / 1000).toFixed(2));
}

/** The longest a 10 ms timer fired late while it ran. */
function pauseProbe(): { stop: () => number } {
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 10);
    last = now;
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      return longest;
    },
  };
}
