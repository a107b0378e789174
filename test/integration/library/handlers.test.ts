import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { libraryRequests } from '../../../src-shared/contract/library.ts';
import { requests, type AnyEvent } from '../../../src-shared/contract/index.ts';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { EventBus } from '../../../src-main/kernel/events.ts';
import { JobRunner } from '../../../src-main/kernel/jobs/runner.ts';
import { createLibraryHandlers, type LibraryHandlers } from '../../../src-main/library/handlers.ts';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { startEmbeddingServer, type EmbeddingServer } from '../../fixtures/library/embedding-server.ts';
import { makePdf } from '../../fixtures/library/pdf.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { BROKEN, GOOD, writeDocs } from './library-fixtures.ts';

type Name = keyof typeof libraryRequests;
const ctx = { transport: 'test' as const };

let embedder: WordVectorEmbedder;
let root: string;
let library: Library;
let jobs: JobRunner;
let events: AnyEvent[];
let handlers: LibraryHandlers;
let server: EmbeddingServer | undefined;

/** An ingest job's result as `job.result` serves it (checked against the contract). */
function ingestResult(jobId: string) {
  const result = requests['job.result'].output.parse(jobs.result(jobId));
  if (result.kind !== 'ingest') throw new Error(`Job ${jobId} is a ${result.kind} job`);
  return result;
}

/** Calls a handler the way the dispatcher does: parse the input, then check the reply against the contract. */
async function call<K extends Name>(name: K, input: unknown): Promise<unknown> {
  const parsed = libraryRequests[name].input.parse(input);
  const handler = handlers[name] as (i: unknown, c: typeof ctx) => Promise<unknown>;
  return libraryRequests[name].output.parse(await handler(parsed, ctx));
}

async function finished(jobId: string): Promise<AnyEvent> {
  for (let i = 0; i < 600; i++) {
    const event = events.find((e) => e.name === 'job.finished' && e.payload.jobId === jobId);
    if (event) return event;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`job ${jobId} did not finish`);
}

beforeAll(async () => {
  embedder = await bundledEmbedder();
});
beforeEach(async () => {
  root = await makeTempDir();
  await writeDocs(join(root, 'docs'), { ...GOOD, ...BROKEN });
  library = await openLibrary({ dataDir: join(root, 'data'), embedder, cacheDir: TEST_CACHE_DIR, maxFileBytes: 100_000 });
  events = [];
  const bus = new EventBus(silentLogger);
  bus.subscribe((e) => events.push(e));
  jobs = new JobRunner(bus);
  handlers = createLibraryHandlers({ library, jobs });
});
afterEach(async () => {
  jobs.cancelAll();
  await library.close();
  await server?.close();
  server = undefined;
  await rm(root, { recursive: true, force: true });
});

describe('library contract handlers', () => {
  it('runs an ingest as a job with progress, then serves its per-file outcomes', async () => {
    const { jobId } = (await call('library.ingest', { paths: [join(root, 'docs')] })) as { jobId: string };
    expect((await finished(jobId)).payload).toMatchObject({ outcome: 'succeeded', kind: 'ingest' });
    expect(events.some((e) => e.name === 'job.progress' && e.payload.jobId === jobId && e.payload.unit === 'files')).toBe(true);
    const result = ingestResult(jobId);
    expect(result.state).toBe('succeeded');
    expect(result.outcome?.counts).toEqual({ ingested: 4, updated: 0, unchanged: 0, failed: 4 });

    const search = (await call('search.query', { query: 'steep green tea leaves', k: 2 })) as { results: { title: string; passages: { snippet: { highlight: boolean }[] }[] }[] };
    expect(search.results[0]?.title).toBe('Brewing Green Tea');
    expect(search.results[0]?.passages[0]?.snippet.some((s) => s.highlight)).toBe(true);
    const [best] = (search.results as unknown as { documentId: number; modifiedAt: string }[]);
    const { document } = (await call('library.document', { id: best!.documentId })) as { document: { modifiedAt: string } };
    expect(best!.modifiedAt).toBe(document.modifiedAt);
    const filtered = (await call('search.query', { query: 'tea', filter: { types: ['pdf'], modifiedAfter: '2000-01-01T00:00:00Z' } })) as { results: { type: string }[] };
    expect(filtered.results.every((r) => r.type === 'pdf')).toBe(true);

    const folders = (await call('library.folders', {})) as { folders: { folder: string; documents: number }[]; total: number };
    expect(folders.total).toBe(folders.folders.length);
    expect(folders.folders.reduce((sum, f) => sum + f.documents, 0)).toBe(4);
    expect(folders.folders.every((f) => f.folder.startsWith(join(root, 'docs')))).toBe(true);

    const list = (await call('library.documents', { sort: 'path', limit: 2 })) as { total: number; documents: { id: number; modifiedAt: string }[] };
    expect(list.total).toBe(4);
    expect(list.documents).toHaveLength(2);
    const one = (await call('library.document', { id: list.documents[0]!.id })) as { chunks: { text: string }[] };
    expect(one.chunks.length).toBeGreaterThan(0);
    await expect(call('library.document', { id: 424242 })).rejects.toMatchObject({ code: 'not_found' });
    expect(await call('library.remove', { ids: [list.documents[0]!.id] })).toEqual({ removed: 1 });
    expect(await call('library.stats', {})).toMatchObject({ documents: 3, needsReembed: false });
  });

  it('ingests browser uploads into the uploads folder; the same name again is an update', async () => {
    const pdf = makePdf(['Quarterly invoice for the greenhouse heating.'], 'Invoice');
    const first = (await call('library.ingestUpload', { files: [{ name: 'invoice.pdf', contentBase64: pdf.toString('base64') }] })) as { jobId: string };
    await finished(first.jobId);
    const saved = ingestResult(first.jobId).outcome!.outcomes[0]!;
    expect(saved).toMatchObject({ status: 'ingested', path: join(root, 'data', 'library', 'uploads', 'invoice.pdf') });
    expect((await readFile(saved.path)).equals(pdf)).toBe(true);
    const again = (await call('library.ingestUpload', { files: [{ name: 'invoice.pdf', contentBase64: makePdf(['Revised invoice.']).toString('base64') }] })) as { jobId: string };
    await finished(again.jobId);
    expect(ingestResult(again.jobId).outcome?.outcomes[0]?.status).toBe('updated');
  });

  it('reports a cancelled ingest with the outcomes it reached', async () => {
    const many = join(root, 'many');
    await writeDocs(many, Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`n${i}.txt`, `Entry ${i}. ${'Notes on invoices and receipts. '.repeat(60)}`])));
    const { jobId } = (await call('library.ingest', { paths: [many] })) as { jobId: string };
    // The job yields between files, so this poll sees the library grow.
    while (library.stats().documents < 3) await new Promise((r) => setTimeout(r, 1));
    expect(jobs.cancel(jobId)).toBe(true);
    expect((await finished(jobId)).payload).toMatchObject({ outcome: 'cancelled' });
    const result = ingestResult(jobId);
    expect(result.state).toBe('cancelled');
    expect(result.outcome?.cancelled).toBe(true);
    expect(result.outcome?.counts.ingested).toBeLessThan(200);
    expect(((await call('library.stats', {})) as { documents: number }).documents).toBe(result.outcome?.counts.ingested);
  });

  it('switches to an OpenAI-compatible embedder by re-embedding, and the choice survives a restart', async () => {
    await library.ingest([join(root, 'docs')]);
    server = await startEmbeddingServer({ dimension: 16 });
    const { jobId } = (await call('library.reembed', { embedder: { kind: 'openai', baseUrl: server.url, model: 'mini' } })) as { jobId: string };
    expect((await finished(jobId)).payload).toMatchObject({ outcome: 'succeeded', kind: 'reembed' });
    expect(requests['job.result'].output.parse(jobs.result(jobId))).toMatchObject({ kind: 'reembed', state: 'succeeded', outcome: { chunks: library.stats().chunks } });
    const stats = (await call('library.stats', {})) as { embedder: { dimension: number }; vectors: number; chunks: number; needsReembed: boolean };
    expect(stats).toMatchObject({ embedder: { dimension: 16 }, needsReembed: false });
    expect(stats.vectors).toBe(stats.chunks);
    expect(JSON.parse(await readFile(join(root, 'data', 'library', 'embedder.json'), 'utf8'))).toEqual({ kind: 'openai', baseUrl: server.url, model: 'mini', dimension: 16 });

    await library.close();
    library = await openLibrary({ dataDir: join(root, 'data'), cacheDir: TEST_CACHE_DIR });
    expect(library.stats()).toMatchObject({ embedder: { dimension: 16 }, needsReembed: false });
    expect((await library.search('photovoltaic modules', { mode: 'vector' }))[0]?.title).toBe('Solar Panel Care');

    // Opened with the bundled embedder instead: keyword search still works, new ingests wait for a re-embed.
    await library.close();
    library = await openLibrary({ dataDir: join(root, 'data'), embedder });
    expect(library.stats().needsReembed).toBe(true);
    expect((await library.search('photovoltaic'))[0]?.title).toBe('Solar Panel Care');
    await expect(library.ingest([join(root, 'docs')])).rejects.toMatchObject({ code: 'conflict' });
    await library.reembed(embedder);
    expect(library.stats()).toMatchObject({ needsReembed: false, embedder: { dimension: 100 } });
  });

  it('rejects malformed requests at the contract', () => {
    expect(libraryRequests['library.ingest'].input.safeParse({ paths: [] }).success).toBe(false);
    expect(libraryRequests['search.query'].input.safeParse({ query: '   ' }).success).toBe(false);
    expect(libraryRequests['search.query'].input.safeParse({ query: 'x', k: 1000 }).success).toBe(false);
    expect(libraryRequests['library.ingestUpload'].input.safeParse({ files: [{ name: 'a', contentBase64: '***' }] }).success).toBe(false);
    expect(libraryRequests['search.query'].input.parse({ query: ' tea ' })).toEqual({ query: 'tea', k: 10, mode: 'hybrid' });
  });
});

describe('uploads keep their identity', () => {
  const uploads = () => join(root, 'data', 'library', 'uploads');
  const file = (name: string, text: string, lastModified?: number) => ({ name, contentBase64: Buffer.from(text).toString('base64'), ...(lastModified === undefined ? {} : { lastModified }) });
  /** Uploads `files` in one request and waits for the job's summary. */
  async function upload(files: ReturnType<typeof file>[]): Promise<{ counts: Record<string, number>; outcomes: { path: string; status: string; reason?: string }[] }> {
    const { jobId } = (await call('library.ingestUpload', { files })) as { jobId: string };
    await finished(jobId);
    return ingestResult(jobId).outcome!;
  }
  const documents = async () => ((await call('library.documents', { limit: 100 })) as { documents: { path: string; modifiedAt: string; title: string }[] }).documents;

  it('keeps same-named files of different folders apart, at their relative paths, with their modification times', async () => {
    const may = Date.UTC(2024, 4, 17, 8, 30, 15, 250);
    const summary = await upload([
      file('project/a/README.txt', 'Alpha readme: how to water the orchids in winter.', may),
      file('project/b/README.txt', 'Beta readme: the bicycle needs new brake pads.', Date.UTC(2021, 0, 2)),
      file('project\\c\\notes.md', '# Gamma\n\nBackslashes are folder separators too.'),
    ]);
    expect(summary.counts).toEqual({ ingested: 3, updated: 0, unchanged: 0, failed: 0 });
    const docs = await documents();
    expect(docs.map((d) => d.path).sort()).toEqual([join(uploads(), 'project', 'a', 'README.txt'), join(uploads(), 'project', 'b', 'README.txt'), join(uploads(), 'project', 'c', 'notes.md')]);
    expect(await readFile(join(uploads(), 'project', 'a', 'README.txt'), 'utf8')).toContain('orchids');
    expect((await stat(join(uploads(), 'project', 'a', 'README.txt'))).mtimeMs).toBe(may);
    expect(docs.find((d) => d.path.endsWith(join('a', 'README.txt')))?.modifiedAt).toBe(new Date(may).toISOString());
    expect(docs.find((d) => d.path.endsWith(join('b', 'README.txt')))?.modifiedAt).toBe('2021-01-02T00:00:00.000Z');

    // The same relative path again is that document, updated; nothing else changes.
    const again = await upload([file('project/b/README.txt', 'Beta readme, revised: the bicycle got new brake pads.', Date.UTC(2025, 0, 1))]);
    expect(again.counts).toMatchObject({ ingested: 0, updated: 1 });
    expect((await documents()).length).toBe(3);
    expect(await readFile(join(uploads(), 'project', 'a', 'README.txt'), 'utf8')).toContain('orchids');
  });

  it('never merges two different files sent under one name in one request; the same bytes twice are one file', async () => {
    const summary = await upload([file('README.txt', 'First readme about sourdough.'), file('README.txt', 'Second readme about tomatoes.'), file('README.txt', 'First readme about sourdough.'), file('readme (2).txt', 'Third.')]);
    const names = summary.outcomes.map((o) => o.path.slice(uploads().length + 1)).sort();
    expect(names).toEqual(['README (2).txt', 'README.txt', 'readme (2).txt']);
    expect(await readFile(join(uploads(), 'README (2).txt'), 'utf8')).toBe('Second readme about tomatoes.');
  });

  it('refuses names that leave the uploads folder or hide characters, and writes nothing', async () => {
    const bad = ['../evil.txt', 'a/../../evil.txt', '/etc/passwd', '\\\\server\\share\\x.txt', 'C:\\Windows\\x.txt', 'c:x.txt', 'a//b.txt', 'a/./b.txt', 'folder/', 'line\nbreak.txt', 'nul\u0000.txt', 'esc\u009b.txt', `${'x'.repeat(256)}.txt`, Array.from({ length: 40 }, () => 'd').join('/')];
    for (const name of bad) {
      await expect(call('library.ingestUpload', { files: [file('fine.txt', 'A fine file.'), file(name, 'Evil.')] }), name).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('Cannot upload') });
    }
    expect(await readdir(uploads()).catch(() => [])).toEqual([]);
    expect(libraryRequests['library.ingestUpload'].input.safeParse({ files: [{ ...file('a.txt', 'x'), lastModified: -1 }] }).success).toBe(false);
    expect(libraryRequests['library.ingestUpload'].input.safeParse({ files: Array.from({ length: 101 }, (_, i) => file(`f${i}.txt`, 'x')) }).success).toBe(false);
  });

  it('a file that clashes with an uploaded folder fails alone, with a reason', async () => {
    await upload([file('notes/plan.md', '# Plan\n\nPlant beans in April.')]);
    const summary = await upload([file('notes', 'A file named like the folder.'), file('other.txt', 'Another file, about kites.')]);
    expect(summary.counts).toMatchObject({ ingested: 1, failed: 1 });
    expect(summary.outcomes.find((o) => o.status === 'failed')?.reason).toMatch(/clashes with an uploaded folder/);
  });
});
