// Where ingest time goes as the library grows: ingests the library benchmark's synthetic corpus and reports,
// per tenth of the library, the pace and the main thread's CPU time in each phase (embedding, the catalog
// commit, graph inserts, the rest) and the whole process's CPU time, per chunk: on a shared machine CPU time
// tells the cost where wall time mostly tells the load. Then the background work left after the ingest.
// `npx node tools/bench/ingest-profile.ts [chunks]` (default 100000; Node 24 for `process.threadCpuUsage`).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../src-main/library/catalog.ts';
import { openLibrary } from '../../src-main/library/library.ts';
import { HnswIndex } from '../../src-main/vector/hnsw-index.ts';
import { CHUNKS_PER_DOC, Corpus } from './library.bench.ts';

const target = Number(process.argv[2] ?? 100_000);
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
const phases = { embed: 0, commit: 0, graph: 0 };
type Phase = keyof typeof phases;

function timed<T extends object>(proto: T, method: keyof T & string, phase: Phase): void {
  const original = proto[method] as ((...args: unknown[]) => unknown) | undefined;
  if (typeof original !== 'function') return; // a method of another version of the code
  (proto as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
    const t = threadCpuMs();
    const out = original.apply(this, args); // all three are synchronous work on the main thread
    phases[phase] += threadCpuMs() - t;
    return out;
  };
}
function threadCpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}
function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
timed(Catalog.prototype, 'putDocument' in Catalog.prototype && !('putDocuments' in Catalog.prototype) ? 'putDocument' : ('putDocuments' as 'putDocument'), 'commit');
timed(HnswIndex.prototype, 'add', 'graph');
const embedder = await createBundledEmbedder(cacheDir);
timed(embedder, 'embed', 'embed');

const root = await mkdtemp(join(tmpdir(), 'pdw-ingest-profile-'));
try {
  const corpus = new Corpus(embedder, target);
  const docCount = Math.ceil(target / CHUNKS_PER_DOC);
  const files: string[] = [];
  for (let d = 0; d < docCount; d++) {
    const dir = join(root, 'docs', `folder-${d % 50}`);
    if (d < 50) await mkdir(dir, { recursive: true });
    const file = join(dir, `doc-${d}.txt`);
    await writeFile(file, corpus.document());
    files.push(file);
  }
  const library = await openLibrary({ dataDir: join(root, 'data'), embedder, cacheDir });
  const tenth = Math.ceil(files.length / 10);
  console.log('tenth | chunks at end | chunks/s (wall) | main-thread CPU ms/chunk: embed | commit | graph | rest | all | process CPU ms/chunk (all threads)');
  for (let part = 0; part < 10; part++) {
    for (const k of Object.keys(phases) as Phase[]) phases[k] = 0;
    const before = library.stats().chunks;
    const t = performance.now();
    const mainCpu = threadCpuMs();
    const allCpu = processCpuMs();
    await library.ingest(files.slice(part * tenth, (part + 1) * tenth));
    const wall = performance.now() - t;
    const main = threadCpuMs() - mainCpu;
    const all = processCpuMs() - allCpu;
    const chunks = library.stats().chunks;
    const added = chunks - before;
    const per = (ms: number) => (ms / added).toFixed(3);
    const rest = main - phases.embed - phases.commit - phases.graph;
    console.log(`${part + 1} | ${chunks} | ${Math.round(added / (wall / 1000))} | ${per(phases.embed)} | ${per(phases.commit)} | ${per(phases.graph)} | ${per(rest)} | ${per(main)} | ${per(all)}`);
    // Each part's ingest ends with the keyword heads' rebuild starting; let it finish outside the timing.
    const s = performance.now();
    const sCpu = threadCpuMs();
    await library.settle();
    console.log(`   background after this part: ${((performance.now() - s) / 1000).toFixed(1)} s (main-thread CPU ${((threadCpuMs() - sCpu) / 1000).toFixed(1)} s)`);
  }
  await library.close();
} finally {
  await rm(root, { recursive: true, force: true });
}
