// The retrieval bench's per-model embedding cache, in front of a real OpenAI-compatible server over HTTP:
// a second run embeds nothing it has seen, and a torn record left by a killed run is dropped.
import { appendFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiEmbedder } from '../../../src-main/embed/openai-embedder.ts';
import { cachedEmbedder } from '../../../tools/bench/retrieval/embedding-cache.ts';
import { startEmbeddingServer, type EmbeddingServer } from '../../fixtures/library/embedding-server.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

let dir: string;
let server: EmbeddingServer;
beforeEach(async () => {
  dir = await makeTempDir();
  server = await startEmbeddingServer({ dimension: 8 });
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('embedding cache of the retrieval bench', () => {
  it('embeds each text once across runs and returns the same vectors', async () => {
    const file = join(dir, 'model.bin');
    const model = await createOpenAiEmbedder({ baseUrl: server.url, model: 'mini' });
    const first = await cachedEmbedder(model, file);
    const texts = ['honey bees dance', 'clover grows', 'honey bees dance'];
    const fresh = await first.embed(texts);
    expect(first.stats).toEqual({ cached: 1, embedded: 2 });
    const sent = server.requests.reduce((n, r) => n + r.inputs, 0);

    const second = await cachedEmbedder(model, file);
    const again = await second.embed(texts);
    expect(second.stats).toEqual({ cached: 3, embedded: 0 });
    expect(server.requests.reduce((n, r) => n + r.inputs, 0)).toBe(sent);
    expect(again).toEqual(fresh);
    expect((await stat(file)).size).toBe(2 * (20 + 8 * 4));
  });

  it('drops a torn last record and goes on', async () => {
    const file = join(dir, 'model.bin');
    const model = await createOpenAiEmbedder({ baseUrl: server.url, model: 'mini' });
    await (await cachedEmbedder(model, file)).embed(['one text']);
    await appendFile(file, Buffer.alloc(17)); // a run killed mid-write
    const resumed = await cachedEmbedder(model, file);
    await resumed.embed(['one text', 'another text']);
    expect(resumed.stats).toEqual({ cached: 1, embedded: 1 });
    expect((await stat(file)).size).toBe(2 * (20 + 8 * 4));
  });
});
