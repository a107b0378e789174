// Load: `npm run bench load [--minutes N] [--quick]`.
//  1. A 100k-chunk library (the library benchmark's corpus): search latency idle, then while a backup of that
//     library runs in the same process (as in the app) against a local Walrus server in a child process.
//  2. 50 concurrent clients searching a real `pdw serve` over HTTP (POST /api/search.query with the token):
//     throughput, latency, errors, and answers that differ from the same queries asked one at a time.
//  3. Memory soak: edit/ingest, search and incremental backup cycles for N minutes (default 10), RSS and
//     heap sampled after a GC at each cycle end; start, peak, end and the growth per cycle after warm-up.
// --quick: 10k chunks, 10 requests per client, a 30 s soak (a smoke run). --only=backup|web|soak runs one part.
// PDW_BENCH_LOAD_CHUNKS overrides the library size; PDW_BENCH_LOAD_DIR keeps the built library there and reuses
// it on the next run. The local Walrus server stands in for a remote service, so it runs at the lowest CPU
// priority (nice 19): its blob encoding is Walrus's work, not PDW's (PDW_BENCH_WALRUS_NICE=0 runs it as an equal).
// PDW_BENCH_BACKUP_ON_MAIN=1 runs the backup on the main thread instead of the backup thread.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { backupThreadRunner } from '../../src-main/backup/backup-thread.ts';
import { BackupEngine } from '../../src-main/backup/engine.ts';
import type { BackupKeysProvider } from '../../src-main/backup/keys.ts';
import { createBundledEmbedder, type WordVectorEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { openLibrary } from '../../src-main/library/library.ts';
import { deriveBackupKeys } from '../../src-main/wallet/backup-keys.ts';
import { createWalrusClient, type WalrusClient } from '../../src-main/walrus/index.ts';
import { CHUNKS_PER_DOC, Corpus } from './library.bench.ts';
import type { BenchTable } from './table.ts';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick') || process.env.PDW_BENCH_QUICK === '1';
const minutesArg = argv.indexOf('--minutes');
const PARTS = ['backup', 'web', 'soak'] as const;
// `--only=backup`, not `--only backup`: a bare word is a benchmark's name to `npm run bench`.
const ONLY = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const WALRUS_NICE = Number(process.env.PDW_BENCH_WALRUS_NICE ?? 19);
const MINUTES = Number(minutesArg >= 0 ? argv[minutesArg + 1] : (process.env.PDW_BENCH_LOAD_MINUTES ?? (QUICK ? 0.5 : 10)));
const CHUNKS = Number(process.env.PDW_BENCH_LOAD_CHUNKS ?? (QUICK ? 10_000 : 100_000));
const CLIENTS = 50;
const REQUESTS_PER_CLIENT = QUICK ? 10 : 40;
const TARGET_P99_MS = 5;
const QUERIES = 300;
const SHARDS = 100;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = join(ROOT, 'node_modules/.cache/pdw');
const MB = 1024 * 1024;

export default async function loadBench(): Promise<BenchTable[]> {
  if (!Number.isFinite(MINUTES) || MINUTES <= 0) throw new Error(`--minutes takes a positive number, got ${argv[minutesArg + 1]}`);
  if (ONLY !== undefined && !PARTS.includes(ONLY as (typeof PARTS)[number])) throw new Error(`--only= takes one of ${PARTS.join(', ')}, got ${ONLY}`);
  if (!Number.isInteger(WALRUS_NICE) || WALRUS_NICE < 0 || WALRUS_NICE > 19) throw new Error(`PDW_BENCH_WALRUS_NICE takes 0–19, got ${WALRUS_NICE}`);
  const runs = (part: (typeof PARTS)[number]) => ONLY === undefined || ONLY === part;
  const kept = process.env.PDW_BENCH_LOAD_DIR;
  const root = kept ?? (await mkdtemp(join(tmpdir(), 'pdw-bench-load-')));
  const walrusServer = await startChildWalrus(join(root, 'walrus'));
  const walrus = createWalrusClient({ publisherUrl: walrusServer.url, aggregatorUrl: walrusServer.url, shards: SHARDS });
  const keys = deriveBackupKeys(randomBytes(32));
  const provider = { backupKeys: async () => keys, address: () => `0x${'cd'.repeat(32)}` };
  try {
    const embedder = await createBundledEmbedder(CACHE_DIR);
    const dataDir = join(root, `library-${CHUNKS}`);
    const { queries, chunks } = await buildLibrary(embedder, dataDir, join(root, `docs-${CHUNKS}`));
    const tables: BenchTable[] = [];
    if (runs('backup')) {
      const underBackup = await searchUnderBackup(embedder, dataDir, queries, { walrus, keys: provider });
      tables.push({
        title: `Search latency at ${chunks.toLocaleString('en-US')} chunks, idle and during a backup of that library (target p99 ≤ ${TARGET_P99_MS} ms)`,
        columns: ['while', 'searches', 'p50 ms', 'p99 ms', 'p99 per 300: median / worst', 'max ms', 'longest stall ms', `p99 ≤ ${TARGET_P99_MS} ms`],
        rows: underBackup.rows,
        notes: [
          'Library.search (hybrid, k=10) in this process, queries of 2–5 words from the documents, one at a time, after a warm-up pass',
          'longest stall: the longest time the main thread spent on other work between two searches, which a request arriving then waits for',
          `the backup runs in the same process, on its own thread unless PDW_BENCH_BACKUP_ON_MAIN=1 (as in the app): ${underBackup.backupNote}; the local Walrus server is a child process (${SHARDS} shards, nice ${WALRUS_NICE})`,
          'a shared 2-core machine: other work adds time, so these figures vary from run to run',
        ],
      });
    }
    if (runs('web')) {
      const concurrent = await concurrentWebSearches(dataDir, queries);
      tables.push({
        title: `${CLIENTS} concurrent clients searching \`pdw serve\` over HTTP (POST /api/search.query)`,
        columns: ['clients', 'requests', 'seconds', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'answers ≠ sequential'],
        rows: [concurrent],
        notes: [
          `each client sends ${REQUESTS_PER_CLIENT} searches one after another over its keep-alive connection, opened beforehand (untimed); latency is the client's, request sent to JSON parsed`,
          'errors: any non-200 or ok:false reply (must be 0); the answers are compared with the same queries asked one at a time first',
        ],
      });
    }
    if (runs('soak')) {
      const soak = await memorySoak(embedder, join(root, 'soak'), { walrus, keys: provider });
      tables.push({
        title: `Memory soak: ${soak.cycles} cycles of edit 20 documents → ingest → 100 searches → incremental backup (${MINUTES} min)`,
        columns: ['', 'start MB', 'peak MB', 'end MB', 'per cycle after warm-up KB'],
        rows: soak.rows,
        notes: [
          `sampled after a full GC at the end of each cycle; the slope is a least-squares fit over cycles ${soak.warmup + 1}–${soak.cycles} (the first ${soak.warmup} warm caches and pools)`,
          `library of ${soak.documents} documents kept at a constant size (the same files are rewritten); each backup uploads the 40 changed items and a manifest`,
        ],
      });
    }
    return tables;
  } finally {
    await walrus.close();
    await stopChild(walrusServer.child);
    if (!kept) await rm(root, { recursive: true, force: true });
  }
}

/** Ingests the corpus (unless a kept library of that size is there already); returns queries drawn from it. */
async function buildLibrary(embedder: WordVectorEmbedder, dataDir: string, docsDir: string): Promise<{ queries: string[]; chunks: number }> {
  const corpus = new Corpus(embedder, CHUNKS);
  const docCount = Math.ceil(CHUNKS / CHUNKS_PER_DOC);
  const exists = (path: string) => stat(path).then(() => true, () => false);
  const built = await exists(join(dataDir, 'library'));
  // The files stay: a backup includes each document's original file while it still matches.
  const written = await exists(docsDir);
  const samples: string[] = [];
  for (let d = 0; d < docCount; d++) {
    const text = corpus.document();
    if (d % Math.max(1, Math.floor(docCount / QUERIES)) === 0) samples.push(text.slice(0, 600));
    if (written) continue;
    const dir = join(docsDir, `folder-${d % 50}`);
    if (d < 50) await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `doc-${d}.txt`), text);
  }
  const library = await openLibrary({ dataDir, embedder });
  try {
    if (!built) await library.ingest([docsDir]);
    const { chunks, vectors } = library.stats();
    if (vectors !== chunks) throw new Error(`the index holds ${vectors} vectors for ${chunks} chunks`);
    return { queries: samples.slice(0, QUERIES).map((text, i) => corpus.queryFrom(text, 2 + (i % 4))), chunks };
  } finally {
    await library.close();
  }
}

type Keys = { walrus: WalrusClient; keys: BackupKeysProvider };

async function searchUnderBackup(embedder: WordVectorEmbedder, dataDir: string, queries: string[], deps: Keys): Promise<{ rows: (string | number)[][]; backupNote: string }> {
  // A kept library (PDW_BENCH_LOAD_DIR) forgets its backup history, so each run measures a full backup.
  await rm(join(dataDir, 'backup'), { recursive: true, force: true });
  const library = await openLibrary({ dataDir, embedder });
  // As the app runs it: on the backup thread (PDW_BENCH_BACKUP_ON_MAIN=1 keeps it on the main thread, to compare).
  const runner = process.env.PDW_BENCH_BACKUP_ON_MAIN === '1' ? null : backupThreadRunner();
  const engine = BackupEngine.open({ dataDir, walrus: () => deps.walrus, keys: deps.keys, epochs: 5, runner });
  try {
    for (const q of queries) await library.search(q, { k: 10 }); // warm up: one whole pass, so no cold pass is timed
    // Idle searches before and after the backup, so both rows see the machine in the same moods.
    const idle: number[] = [];
    const idlePasses = async () => {
      for (let pass = 0; pass < 2; pass++) for (const q of queries) idle.push(await timed(() => library.search(q, { k: 10 })));
    };
    await idlePasses();

    const started = performance.now();
    let running = true;
    const backup = engine.backup().finally(() => (running = false));
    const busy: number[] = [];
    let stall = 0;
    for (let i = 0, last = performance.now(); running; i++) {
      // The gap since the last search ended: how long a request arriving then would have waited.
      stall = Math.max(stall, performance.now() - last);
      busy.push(await timed(() => library.search(queries[i % queries.length] ?? 'x', { k: 10 })));
      last = performance.now();
      // Searches arrive as requests (IPC, HTTP), so the backup's I/O callbacks run between them.
      await new Promise((r) => setImmediate(r));
    }
    const result = await backup;
    const seconds = (performance.now() - started) / 1000;
    await idlePasses();
    await keepTimes({ idle, during: busy, queries });
    return {
      rows: [latencyRow('idle (before and after)', idle, null), latencyRow(`during the backup (${runner ? 'backup thread' : 'main thread'})`, busy, stall)],
      backupNote: `a full backup of ${result.items.toLocaleString('en-US')} items (${(result.uploadedBytes / MB).toFixed(1)} MB sealed) took ${seconds.toFixed(0)} s`,
    };
  } finally {
    engine.close();
    await library.close();
  }
}

/**
 * PDW_BENCH_TIMES=<file> keeps every search time (ms, in the order made; search i used query i mod 300), to
 * see which queries make the tail and whether slow searches bunch up in time.
 */
async function keepTimes(times: { idle: number[]; during: number[]; queries: string[] }): Promise<void> {
  const file = process.env.PDW_BENCH_TIMES;
  if (file) await writeFile(file, JSON.stringify(times));
}

function latencyRow(label: string, times: number[], stall: number | null): (string | number)[] {
  const p = percentiles(times);
  // The library benchmark reads p99 per pass of its 300 queries; the same here, per run of 300 searches.
  const passes: number[] = [];
  for (let from = 0; from + QUERIES <= times.length; from += QUERIES) passes.push(percentiles(times.slice(from, from + QUERIES)).p99);
  const perPass = passes.length ? `${percentiles(passes).p50} / ${Math.max(...passes).toFixed(2)}` : '–';
  return [label, times.length, p.p50, p.p99, perPass, p.max, stall === null ? '–' : Number(stall.toFixed(1)), p.p99 <= TARGET_P99_MS ? 'met' : 'not met'];
}

async function concurrentWebSearches(dataDir: string, queries: string[]): Promise<(string | number)[]> {
  const serve = await startChildServe(dataDir);
  try {
    const search = async (query: string): Promise<{ ok: boolean; ids: string }> => {
      const response = await fetch(`${serve.url}/api/search.query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query, k: 10 }),
      });
      const reply = (await response.json()) as { ok: boolean; value?: { results: { documentId: number; score: number }[] } };
      const ok = response.status === 200 && reply.ok;
      return { ok, ids: ok ? JSON.stringify(reply.value?.results.map((r) => [r.documentId, r.score])) : '' };
    };
    // Each client has its own queries; the one-at-a-time answers come first (and open the library).
    const mine = (client: number) => Array.from({ length: REQUESTS_PER_CLIENT }, (_, i) => queries[(client * REQUESTS_PER_CLIENT + i) % queries.length] ?? 'x');
    const expected = new Map<string, string>();
    for (const q of new Set(Array.from({ length: CLIENTS }, (_, c) => mine(c)).flat())) expected.set(q, (await search(q)).ids);
    // Each client opens its connection first: 50 connections set up at once would otherwise be the whole tail.
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => search(mine(c)[0] ?? 'x')));

    const times: number[] = [];
    let errors = 0;
    let differ = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (const q of mine(client)) {
          const t = performance.now();
          const reply = await search(q).catch(() => ({ ok: false, ids: '' }));
          times.push(performance.now() - t);
          if (!reply.ok) errors++;
          else if (reply.ids !== expected.get(q)) differ++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const p = percentiles(times);
    return [CLIENTS, times.length, Number(seconds.toFixed(1)), Math.round(times.length / seconds), p.p50, p.p99, errors, differ];
  } finally {
    await stopChild(serve.child);
  }
}

async function memorySoak(embedder: WordVectorEmbedder, root: string, deps: Keys) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const corpus = new Corpus(embedder, 0);
  const docsDir = join(root, 'docs');
  const documents = 200;
  await rm(root, { recursive: true, force: true }); // a fresh library each run, also in a kept folder
  await mkdir(docsDir, { recursive: true });
  const queries: string[] = [];
  for (let d = 0; d < documents; d++) {
    const text = corpus.document();
    queries.push(corpus.queryFrom(text, 2 + (d % 4)));
    await writeFile(join(docsDir, `doc-${d}.txt`), text);
  }
  const dataDir = join(root, 'data');
  const library = await openLibrary({ dataDir, embedder });
  await library.ingest([docsDir]);
  const engine = BackupEngine.open({ dataDir, walrus: () => deps.walrus, keys: deps.keys, epochs: 5, runner: backupThreadRunner() });
  const samples: { rss: number; heap: number }[] = [];
  const sample = () => {
    gc();
    const { rss, heapUsed } = process.memoryUsage();
    samples.push({ rss, heap: heapUsed });
  };
  try {
    sample();
    const end = Date.now() + MINUTES * 60_000;
    for (let cycle = 0; Date.now() < end || cycle < 3; cycle++) {
      const edited = Array.from({ length: 20 }, (_, i) => join(docsDir, `doc-${(cycle * 20 + i) % documents}.txt`));
      for (const file of edited) await writeFile(file, corpus.document());
      await library.ingest(edited);
      for (let i = 0; i < 100; i++) await library.search(queries[(cycle * 100 + i) % queries.length] ?? 'x', { k: 10 });
      // As in the app, the backup runs while the library stays open.
      await engine.backup();
      sample();
    }
  } finally {
    engine.close();
    await library.close();
  }
  const cycles = samples.length - 1;
  const warmup = Math.max(2, Math.floor(cycles / 5));
  const row = (label: string, pick: (s: { rss: number; heap: number }) => number): (string | number)[] => {
    const values = samples.map(pick);
    return [label, mb(values[0]!), mb(Math.max(...values)), mb(values.at(-1)!), Math.round(slope(values.slice(warmup + 1)) / 1024)];
  };
  return { cycles, warmup, documents, rows: [row('RSS', (s) => s.rss), row('JS heap used', (s) => s.heap)] };
}

const mb = (bytes: number) => Number((bytes / MB).toFixed(1));

/** Least-squares slope of `values` against their index (bytes per cycle). */
function slope(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await run();
  return performance.now() - t;
}

function percentiles(times: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(2));
  return { p50: at(0.5), p99: at(0.99), max: Number((sorted.at(-1) ?? 0).toFixed(1)) };
}

/** Starts `script args` with Node and resolves with the child once `ready(stdout so far)` returns a value. */
function startChild<T>(args: string[], env: NodeJS.ProcessEnv, ready: (out: string) => T | undefined, nice = 0): Promise<T & { child: ChildProcess }> {
  // Through nice(1), so that every thread of the child (its id workers too) runs at that priority.
  const command = nice ? ['nice', '-n', String(nice), process.execPath] : [process.execPath];
  const child = spawn(command[0] ?? process.execPath, [...command.slice(1), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const value = ready(out);
      if (value !== undefined) resolve({ ...value, child });
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${out}`)));
  });
}

function startChildWalrus(dataDir: string) {
  return startChild([join(ROOT, 'src-main/walrus-local/main.ts'), '--data-dir', dataDir, '--shards', String(SHARDS), '--id-workers', '1'], {}, (out) => {
    const url = /^(http:\/\/\S+)\n/.exec(out)?.[1];
    return url ? { url } : undefined;
  }, WALRUS_NICE);
}

function startChildServe(dataDir: string) {
  return startChild([join(ROOT, 'bin/pdw.js'), 'serve', '--json', '--data-dir', dataDir], { PDW_CACHE_DIR: CACHE_DIR, WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9', WALRUS_AGGREGATOR_URL: 'http://127.0.0.1:9' }, (out) => {
    try {
      const started = JSON.parse(out) as { url: string; openUrl: string };
      return { url: started.url, token: new URL(started.openUrl).searchParams.get('token') ?? '' };
    } catch {
      return undefined; // the rest of the JSON object is still on its way
    }
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
