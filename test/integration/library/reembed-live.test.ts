// A re-embed's graph rebuild yields to the event loop every few milliseconds. Meanwhile the library stays
// usable: searches are answered (keyword-only, since the graph in use belongs to the old embedder), and the
// keyword heads, outdated by the re-embed's commit, are rebuilt in the same moments without SQLite refusing
// their writes (a rebuild used to read the vectors through one query left open across its yields).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { createOpenAiEmbedder } from '../../../src-main/embed/openai-embedder.ts';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import type { Logger } from '../../../src-main/kernel/log.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { startEmbeddingServer, type EmbeddingServer } from '../../fixtures/library/embedding-server.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeDocs } from './library-fixtures.ts';

const NOTES = 400;

let embedder: WordVectorEmbedder;
let root: string;
let library: Library;
let server: EmbeddingServer;
const warnings: string[] = [];
const log: Logger = { info() {}, warn: (message) => void warnings.push(message), error: (message) => void warnings.push(message) };

beforeAll(async () => {
  embedder = await bundledEmbedder();
});
beforeEach(async () => {
  root = await makeTempDir();
  const notes: Record<string, string> = {};
  for (let i = 0; i < NOTES; i++) notes[`note-${i}.txt`] = `Harbour log ${i}, watch topic${i % 20}: the lighthouse keeper counted ships and gulls before the tide.`;
  await writeDocs(join(root, 'docs'), notes);
  warnings.length = 0;
  library = await openLibrary({ dataDir: join(root, 'data'), embedder, log, keywordHeads: { minPostings: 20 } });
  await library.ingest([join(root, 'docs')]);
  await library.settle();
  server = await startEmbeddingServer({ dimension: 16 });
});
afterEach(async () => {
  await library.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('a re-embed while the library is in use', () => {
  it('answers searches during the graph rebuild, keyword-only, and rebuilds the keyword heads alongside', async () => {
    const answers: { vectorHits: number; keywordHits: number }[] = [];
    let running = true;
    const searching = (async () => {
      while (running) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!running) break;
        const [byMeaning, byWords] = await Promise.all([library.search('topic7 lighthouse keeper', { mode: 'vector' }), library.search('topic7 lighthouse keeper')]);
        answers.push({ vectorHits: byMeaning.length, keywordHits: byWords.length });
        // The re-embed's commit outdated the heads: rebuilding them now writes to the catalog mid-rebuild.
        if (byMeaning.length === 0) library.refreshKeywordHeads();
      }
    })();
    const result = await library.reembed(await createOpenAiEmbedder({ baseUrl: server.url, model: 'mini' }));
    running = false;
    await searching;
    await library.settle();

    expect(result.chunks).toBe(NOTES);
    expect(answers.length).toBeGreaterThan(0); // the rebuild let searches in
    expect(answers.every((a) => a.keywordHits === 10)).toBe(true);
    // Keyword-only while the graph in use was the old embedder's: a query embedded by the new one is never
    // searched in it (the two have different dimensions here, so that would fail outright).
    expect(answers.some((a) => a.vectorHits === 0)).toBe(true);
    expect(warnings).toEqual([]);
    expect(library.stats()).toMatchObject({ needsReembed: false, vectors: NOTES, embedder: { dimension: 16 } });
    expect((await library.search('topic7 lighthouse keeper', { mode: 'vector' })).length).toBe(10);
  });
});
