// The search quality check on a real catalog of text nobody on the project wrote (READMEs and FAQs from
// /usr/share/doc): run as a job through the contract handlers, its typed outcome served by job.result,
// progress and cancel, read-only, and with an OpenAI-compatible model over real HTTP.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requests, type AnyEvent, type JobResult } from '../../../src-shared/contract/index.ts';
import { libraryRequests } from '../../../src-shared/contract/library.ts';
import { createOpenAiEmbedder } from '../../../src-main/embed/openai-embedder.ts';
import { EventBus } from '../../../src-main/kernel/events.ts';
import { JobRunner } from '../../../src-main/kernel/jobs/runner.ts';
import { createLibraryHandlers } from '../../../src-main/library/handlers.ts';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import { copyDebianDocs } from '../../fixtures/library/debian-docs.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { startEmbeddingServer, type EmbeddingServer } from '../../fixtures/library/embedding-server.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const DOCUMENTS = 40;
let root: string;
let docs: string[];
let library: Library;
const opened: Library[] = [];
let server: EmbeddingServer | undefined;

/** Handlers over `lib` with a job runner whose events are collected. */
function harness(lib: Library) {
  const events: AnyEvent[] = [];
  const bus = new EventBus(silentLogger);
  bus.subscribe((e) => events.push(e));
  const jobs = new JobRunner(bus);
  const handlers = createLibraryHandlers({ library: lib, jobs });
  const start = async (input: unknown) => {
    const parsed = libraryRequests['search.quality'].input.parse(input);
    return libraryRequests['search.quality'].output.parse(await handlers['search.quality'](parsed, { transport: 'test' })).jobId;
  };
  const result = async (jobId: string): Promise<JobResult<'searchQuality'>> => {
    for (let i = 0; i < 3000 && !events.some((e) => e.name === 'job.finished' && e.payload.jobId === jobId); i++) await new Promise((r) => setTimeout(r, 20));
    const served = requests['job.result'].output.parse(jobs.result(jobId));
    if (served.kind !== 'searchQuality') throw new Error(`job ${jobId} is a ${served.kind} job`);
    return served;
  };
  return { events, jobs, start, result };
}

/** Size and modification time of every file of the library's folder. */
async function filesOf(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(dir)) {
    const s = await stat(join(dir, name));
    if (s.isFile()) out[name] = `${s.size}@${s.mtimeMs}`;
  }
  return out;
}

beforeAll(async () => {
  root = await makeTempDir();
  docs = await copyDebianDocs(join(root, 'docs'), DOCUMENTS);
  library = await openLibrary({ dataDir: join(root, 'data'), embedder: await bundledEmbedder(), cacheDir: TEST_CACHE_DIR });
  opened.push(library);
  await library.ingest(docs);
  await library.settle();
}, 120_000);
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(async () => {
  for (const lib of opened) await lib.close();
  await rm(root, { recursive: true, force: true });
});

describe('search quality check', () => {
  it('measures keyword-only, vector-only and hybrid search on sampled documents as a job with a typed outcome', async () => {
    const { events, start, result } = harness(library);
    const jobId = await start({ documents: 30 });
    const served = await result(jobId);
    expect(served.state).toBe('succeeded');
    const outcome = served.outcome!;
    expect(outcome).toMatchObject({ embedder: { id: library.embedder.id, dimension: 100 }, libraryDocuments: library.stats().documents, queries: 30 });
    expect(outcome.sampled).toBeGreaterThanOrEqual(30);
    for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
      expect(outcome[mode].mrr).toBeGreaterThanOrEqual(0);
      expect(outcome[mode].mrr).toBeLessThanOrEqual(outcome[mode].recallAt10);
    }
    // The queries are words of their documents, so keywords find most of them; the bundled word vectors
    // alone find fewer on this technical text.
    expect(outcome.keyword.recallAt10).toBeGreaterThan(0.7);
    expect(outcome.vector.mrr).toBeLessThan(outcome.keyword.mrr);
    // Every example query is made of its document's words, and is not a sentence copied whole.
    expect(outcome.examples.length).toBe(3);
    for (const example of outcome.examples) {
      const text = (await readFile(example.path, 'utf8')).toLowerCase();
      // The query's words as it chose them (one may be hyphenated, "non-interactive", which search splits in two).
      const words = example.query.split(' ');
      expect(words.length).toBeGreaterThanOrEqual(3);
      expect(words.length).toBeLessThanOrEqual(6);
      for (const word of words) expect(text).toContain(word);
      // A few neighbouring words may stand together in the text (that is a phrase, as people type them); no
      // sentence of it is the query whole.
      const sentences = text.split(/[.!?\n]+/).map((sentence) => sentence.replace(/\s+/g, ' ').trim());
      expect(sentences).not.toContain(example.query.toLowerCase().trim());
    }
    const progress = events.filter((e) => e.name === 'job.progress' && e.payload.jobId === jobId);
    // Progress is throttled; its last word is always sent: every query of every mode searched.
    expect(progress.at(-1)?.payload).toMatchObject({ done: 90, total: 90, unit: 'items', current: 'hybrid search' });
  }, 120_000);

  it('gives the same figures for the same library and changes nothing in it', async () => {
    const dir = join(root, 'data', 'library');
    const before = { files: await filesOf(dir), stats: library.stats(), documents: library.documents({ limit: 1000 }) };
    const { start, result } = harness(library);
    const first = (await result(await start({ documents: 20 }))).outcome;
    const second = (await result(await start({ documents: 20 }))).outcome;
    expect(second).toEqual(first);
    expect({ files: await filesOf(dir), stats: library.stats(), documents: library.documents({ limit: 1000 }) }).toEqual(before);
  }, 120_000);

  it('stops when cancelled, and reports it', async () => {
    const { jobs, start, result } = harness(library);
    const jobId = await start({ documents: 40 });
    expect(jobs.cancel(jobId)).toBe(true);
    const served = await result(jobId);
    expect(served.state).toBe('cancelled');
    expect(served.outcome).toBeUndefined();
  });

  it('explains an empty library instead of measuring nothing', async () => {
    const empty = await openLibrary({ dataDir: join(root, 'empty'), embedder: await bundledEmbedder(), cacheDir: TEST_CACHE_DIR });
    opened.push(empty);
    const { start, result } = harness(empty);
    const served = await result(await start({}));
    expect(served.state).toBe('failed');
    expect(served.message).toMatch(/no documents yet: add some/);
  });

  it('refuses sample sizes outside 10–1000 at the contract', () => {
    expect(libraryRequests['search.quality'].input.safeParse({ documents: 5 }).success).toBe(false);
    expect(libraryRequests['search.quality'].input.safeParse({ documents: 1001 }).success).toBe(false);
    expect(libraryRequests['search.quality'].input.parse({})).toEqual({ documents: 150 });
  });

  it('measures a library embedded by an OpenAI-compatible model over real HTTP', async () => {
    server = await startEmbeddingServer({ dimension: 64 });
    const remote = await openLibrary({ dataDir: join(root, 'remote'), embedder: await createOpenAiEmbedder({ baseUrl: server.url, model: 'mini' }), cacheDir: TEST_CACHE_DIR });
    opened.push(remote);
    await remote.ingest(docs.slice(0, 15));
    const ingestRequests = server.requests.length;
    const { start, result } = harness(remote);
    const served = await result(await start({ documents: 10 }));
    expect(served.state).toBe('succeeded');
    expect(served.outcome?.embedder).toEqual({ id: remote.embedder.id, dimension: 64 });
    expect(served.outcome?.embedder.id).toMatch(/^openai:mini@127\.0\.0\.1:/);
    // Vector-only and hybrid search embed each query through the server.
    expect(server.requests.length - ingestRequests).toBe(2 * served.outcome!.queries);
    expect(server.requests.every((r) => r.model === 'mini')).toBe(true);
  }, 120_000);
});
