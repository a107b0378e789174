// Extraction runs on a worker thread: the main thread keeps answering while a big PDF is parsed, a file
// that hangs, crashes the worker or is too large (a decompression bomb, a parser filling its heap, too
// many pages or too much text) fails alone, a cancelled ingest abandons its file, and closing the
// library ends the worker. Real files, the real worker (and a misbehaving one for the failures).
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { detectAndExtract } from '../../../src-main/library/extract.ts';
import { ExtractPool } from '../../../src-main/library/extract-pool.ts';
import { MissingWorkerError } from '../../../src-main/kernel/worker-entries.ts';
import { openLibrary, type Library, type LibraryOptions } from '../../../src-main/library/library.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeBigPdf, makeBombPdf, makePdf } from '../../fixtures/library/pdf.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { GOOD, writeDocs } from './library-fixtures.ts';

const MISBEHAVING_WORKER = new URL('./misbehaving-extract-worker.ts', import.meta.url);

let embedder: WordVectorEmbedder;
let root: string;
let docs: string;
let library: Library | undefined;
let pool: ExtractPool | undefined;

beforeAll(async () => {
  embedder = await bundledEmbedder();
});
beforeEach(async () => {
  root = await makeTempDir();
  docs = join(root, 'docs');
  await writeDocs(docs, GOOD);
});
afterEach(async () => {
  await pool?.close();
  await library?.close();
  pool = library = undefined;
  await rm(root, { recursive: true, force: true });
});

const open = async (extraction?: LibraryOptions['extraction']) =>
  (library = await openLibrary({ dataDir: join(root, 'data'), embedder, ...(extraction ? { extraction } : {}) }));
const statusByName = (outcomes: { path: string; status: string; reason?: string }[]) =>
  Object.fromEntries(outcomes.map((o) => [o.path.slice(docs.length + 1), o.reason ? `${o.status}: ${o.reason}` : o.status]));

describe('extraction on a worker thread', () => {
  it('keeps the main thread answering searches while a big PDF is parsed', async () => {
    const lib = await open();
    await lib.ingest([docs]);
    pool = new ExtractPool();
    // Warm the worker up (PDF.js loads on first use) so what follows measures parsing alone.
    expect(await pool.extract('/x/small.pdf', makePdf(['warm up']))).toMatchObject({ ok: true, type: 'pdf' });

    const order: string[] = [];
    const extraction = pool.extract('/x/big.pdf', makeBigPdf(300)).then((outcome) => {
      order.push('extracted');
      return outcome;
    });
    for (let i = 0; i < 3; i++) {
      await sleep(1); // a timer, then a search: both need the event loop
      const [hit] = await lib.search('honey bees hive', { k: 1 });
      order.push(`search ${hit?.title}`);
    }
    const outcome = await extraction;
    expect(order).toEqual(['search Keeping bees', 'search Keeping bees', 'search Keeping bees', 'extracted']);
    expect(outcome).toMatchObject({ ok: true, type: 'pdf' });
    expect(outcome.ok && outcome.text).toContain('Page 300 line 40: the orchard keeps apples');
  });

  it('transfers the bytes to the worker instead of copying them', async () => {
    pool = new ExtractPool();
    const bytes = new Uint8Array(makePdf(['transferred']));
    const outcome = await pool.extract('/x/t.pdf', bytes);
    expect(outcome.ok && outcome.text).toContain('transferred');
    expect(bytes.byteLength).toBe(0); // detached: handed over, not copied
  });

  it('fails a file that hangs or crashes the worker alone, with a clear reason, and goes on with the batch', async () => {
    await writeDocs(docs, { 'crash.txt': 'this file kills the parser', 'hang.txt': 'this file never finishes parsing' });
    const lib = await open({ workerUrl: MISBEHAVING_WORKER, timeoutMs: 6000 });
    const summary = await lib.ingest([docs]);
    expect(statusByName(summary.outcomes)).toEqual({
      'bees.txt': 'ingested',
      'crash.txt': 'failed: extraction crashed (simulated parser crash)',
      'garden.md': 'ingested',
      'hang.txt': 'failed: extraction timed out after 6 s',
      'solar.pdf': 'ingested',
      'tea.html': 'ingested',
    });
    expect((await lib.search('photovoltaic inverter', { k: 1 }))[0]?.title).toBe('Solar Panel Care');
  });

  it('abandons the file in flight when the ingest is cancelled, and extracts the next batch with a new worker', async () => {
    await writeFile(join(root, 'hang.txt'), 'this file never finishes parsing');
    const lib = await open({ workerUrl: MISBEHAVING_WORKER, timeoutMs: 600_000 });
    const controller = new AbortController();
    const summary = await lib.ingest([join(root, 'hang.txt')], {
      signal: controller.signal,
      // Cancel once the file is with the worker: the progress event comes before it is read.
      onProgress: (p) => p.current && void sleep(200).then(() => controller.abort()),
    });
    expect(summary).toMatchObject({ cancelled: true, outcomes: [] });
    expect((await lib.ingest([join(docs, 'bees.txt')])).counts.ingested).toBe(1);
  });

  it('fails what is in flight when the library closes, and refuses work afterwards', async () => {
    pool = new ExtractPool({ workerUrl: MISBEHAVING_WORKER });
    const hanging = expect(pool.extract('/x/hang.txt', new TextEncoder().encode('never done'))).rejects.toThrow('The library was closed during extraction.');
    const waiting = expect(pool.extract('/x/next.txt', new TextEncoder().encode('queued behind it'))).rejects.toThrow('The library was closed during extraction.');
    await sleep(100);
    await pool.close();
    await hanging;
    await waiting;
    await expect(pool.extract('/x/late.txt', new TextEncoder().encode('late'))).rejects.toThrow('The library is closed.');
  });

  it('refuses to extract without its worker module instead of freezing the main thread', async () => {
    pool = new ExtractPool({ workerUrl: new URL('./no-such-extract-worker.ts', import.meta.url) });
    await expect(pool.extract('/x/a.txt', new TextEncoder().encode('text'))).rejects.toThrow(MissingWorkerError);
  });
});

// Hostile or enormous files fail alone, saying they are too large, instead of taking the app's memory.
describe('extraction limits', () => {
  it('fails a decompression bomb alone, as too large, and goes on with the batch', async () => {
    const bomb = await makeBombPdf(400);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024); // ~1.2 MB on disk, 400 MiB inflated
    await writeFile(join(docs, 'bomb.pdf'), bomb);
    const summary = await (await open({ memoryLimitMiB: 256 })).ingest([docs]);
    expect(statusByName(summary.outcomes)).toEqual({
      'bees.txt': 'ingested',
      'bomb.pdf': 'failed: too large to extract: it needs more than 256 MiB of memory',
      'garden.md': 'ingested',
      'solar.pdf': 'ingested',
      'tea.html': 'ingested',
    });
  });

  it('fails a file whose parsing fills the worker heap, as too large', async () => {
    await writeFile(join(docs, 'greedy.txt'), 'a file the parser chokes on');
    const summary = await (await open({ workerUrl: MISBEHAVING_WORKER, memoryLimitMiB: 96 })).ingest([docs]);
    expect(statusByName(summary.outcomes)['greedy.txt']).toBe('failed: too large to extract: it needs more than 96 MiB of memory');
    expect(summary.counts.ingested).toBe(4);
  });

  it('refuses documents over the page or text limit, naming the limit', async () => {
    const limits = { pages: 10, textChars: 1_000_000 };
    expect(await detectAndExtract('/x/long.pdf', makeBigPdf(12, 2), limits)).toEqual({ ok: false, reason: 'too large to extract: 12 pages, the limit is 10' });
    expect(await detectAndExtract('/x/fits.pdf', makeBigPdf(10, 2), limits)).toMatchObject({ ok: true });
    const wordy = { pages: 10, textChars: 5_000 };
    expect(await detectAndExtract('/x/wordy.pdf', makeBigPdf(3), wordy)).toEqual({ ok: false, reason: 'too large to extract: more than 5,000 characters of text' });
    const text = new TextEncoder().encode('Orchard ledger line.\n'.repeat(300));
    expect(await detectAndExtract('/x/wordy.txt', text, wordy)).toEqual({ ok: false, reason: 'too large to extract: more than 5,000 characters of text' });
    expect(await detectAndExtract('/x/wordy.html', new TextEncoder().encode(`<p>${'Orchard ledger line. '.repeat(300)}</p>`), wordy)).toMatchObject({ ok: false });
  });
});
