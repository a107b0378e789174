// `search.query` says when its answer is keyword-only because the saved graph is still being read after opening
// (held back by the development hook PDW_DEV_GRAPH_DELAY_MS, as the e2e test does), and stops saying it once in.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { libraryRequests } from '../../../src-shared/contract/library.ts';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { EventBus } from '../../../src-main/kernel/events.ts';
import { JobRunner } from '../../../src-main/kernel/jobs/runner.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import { createLibraryHandlers } from '../../../src-main/library/handlers.ts';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { GOOD, savedGraphBase, writeDocs } from './library-fixtures.ts';

const GRAPH_DELAY_MS = 1500;

let embedder: WordVectorEmbedder;
let root: string;
let library: Library | undefined;

beforeAll(async () => {
  embedder = await bundledEmbedder();
});
beforeEach(async () => {
  root = await makeTempDir();
  await writeDocs(join(root, 'docs'), GOOD);
  const first = await openLibrary({ dataDir: join(root, 'data'), embedder });
  await first.ingest([join(root, 'docs')]);
  await first.close(); // the graph is saved: the next opening reads it in the background
});
afterEach(async () => {
  await library?.close();
  library = undefined;
  await rm(root, { recursive: true, force: true });
});

async function openDelayed() {
  let ready: () => void = () => {};
  const vectorsReady = new Promise<void>((resolve) => (ready = resolve));
  library = await openLibrary({ dataDir: join(root, 'data'), embedder, answerBeforeGraph: true, graphReadDelayMs: GRAPH_DELAY_MS, onVectorsReady: () => ready() });
  const handlers = createLibraryHandlers({ library, jobs: new JobRunner(new EventBus(silentLogger)) });
  const search = async (input: unknown) => {
    const parsed = libraryRequests['search.query'].input.parse(input);
    return libraryRequests['search.query'].output.parse(await handlers['search.query'](parsed, { transport: 'test' }));
  };
  return { search, vectorsReady };
}

describe('a search while the graph is read after opening', () => {
  it('is marked keyword-only until the graph is in, then answered by both halves unmarked', async () => {
    const { search, vectorsReady } = await openDelayed();
    const early = await search({ query: 'tea leaves', k: 5 });
    expect(early.vectorsLoading).toBe(true);
    expect(early.results[0]?.title).toBe('Brewing Green Tea');
    expect(early.results.every((r) => r.explain.vector === null)).toBe(true);
    // Keywords only was asked for: nothing is missing from that answer.
    expect((await search({ query: 'tea leaves', mode: 'keyword' })).vectorsLoading).toBe(false);

    await vectorsReady;
    const late = await search({ query: 'tea leaves', k: 5 });
    expect(late.vectorsLoading).toBe(false);
    expect(late.results[0]?.explain.foundBy).toBe('both');
    expect(late.results.some((r) => r.explain.foundBy === 'vector')).toBe(true); // a document only meaning finds
  });

  it('is not marked when keywords found nothing and the search waited for the graph', async () => {
    const { search } = await openDelayed();
    const started = performance.now();
    const reply = await search({ query: 'insects producing sugary syrup', k: 5 });
    expect(performance.now() - started).toBeGreaterThan(GRAPH_DELAY_MS / 2); // it did wait
    expect(reply.vectorsLoading).toBe(false);
    expect(reply.results[0]?.title).toBe('Keeping bees');
  });

  it('ends the held-back read on close, leaving the saved graph as it was', async () => {
    await openDelayed();
    const graph = await savedGraphBase(join(root, 'data'));
    const before = await readFile(graph);
    const started = performance.now();
    await library?.close();
    library = undefined;
    expect(performance.now() - started).toBeLessThan(GRAPH_DELAY_MS / 2);
    expect(await readFile(graph)).toEqual(before);
    const reopened = (library = await openLibrary({ dataDir: join(root, 'data'), embedder }));
    expect(reopened.stats().vectors).toBe(reopened.stats().chunks);
    expect((await reopened.search('insects producing sugary syrup', { mode: 'vector' }))[0]?.title).toBe('Keeping bees');
  });
});
