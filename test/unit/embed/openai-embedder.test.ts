import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/define.ts';
import { createOpenAiEmbedder, OpenAiEmbedder } from '../../../src-main/embed/openai-embedder.ts';
import { startEmbeddingServer, type EmbeddingServer } from '../../fixtures/library/embedding-server.ts';

let server: EmbeddingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('OpenAI-compatible embedder', () => {
  it('probes the dimension, batches requests, keeps input order and normalises', async () => {
    server = await startEmbeddingServer({ dimension: 12 });
    const embedder = await createOpenAiEmbedder({ baseUrl: server.url, model: 'nomic-embed-text', apiKey: 'sk-test', batchSize: 2 });
    expect(embedder.dimension).toBe(12);
    expect(embedder.id).toMatch(/^openai:nomic-embed-text@127\.0\.0\.1:\d+$/);
    const texts = ['alpha beta', 'gamma', 'alpha beta', 'delta delta'];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(4);
    expect([...(vectors[0] ?? [])]).toEqual([...(vectors[2] ?? [])]);
    expect([...(vectors[0] ?? [])]).not.toEqual([...(vectors[1] ?? [])]);
    const norm = Math.hypot(...(vectors[3] ?? []));
    expect(norm).toBeCloseTo(1, 5);
    expect(server.requests.map((r) => r.inputs)).toEqual([1, 2, 2]);
    expect(server.requests.every((r) => r.authorization === 'Bearer sk-test' && r.model === 'nomic-embed-text')).toBe(true);
  });

  it('reports server errors and dimension mismatches as remote_error', async () => {
    server = await startEmbeddingServer({ failWith: 503 });
    await expect(createOpenAiEmbedder({ baseUrl: server.url, model: 'm' })).rejects.toMatchObject({ code: 'remote_error', message: expect.stringMatching(/503/) });
    await server.close();
    server = await startEmbeddingServer({ dimension: 8 });
    const wrong = new OpenAiEmbedder({ baseUrl: server.url, model: 'm' }, 16);
    await expect(wrong.embed(['x'])).rejects.toMatchObject({ code: 'remote_error' });
  });

  it('reports an unreachable server as unavailable', async () => {
    server = await startEmbeddingServer();
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await createOpenAiEmbedder({ baseUrl: url, model: 'm', timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unavailable');
  });
});
