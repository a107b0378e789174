// An OpenAI-compatible `/v1/embeddings` provider (OpenAI, Ollama, LM Studio, llama.cpp server).
// Embedding is idempotent, so a failed batch may be retried by re-running the job; this client itself
// does not retry, keeping failure visible.
import { z } from 'zod';
import { AppError } from '../../src-shared/contract/define.ts';
import { normalize, type Embedder } from './embedder.ts';

export interface OpenAiEmbedderOptions {
  baseUrl: string; // e.g. http://127.0.0.1:11434/v1
  model: string;
  apiKey?: string;
  batchSize?: number;
  timeoutMs?: number;
}

const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
});

export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  readonly dimension: number;
  readonly #options: OpenAiEmbedderOptions;

  constructor(options: OpenAiEmbedderOptions, dimension: number) {
    this.#options = options;
    this.dimension = dimension;
    this.id = `openai:${options.model}@${new URL(options.baseUrl).host}`;
  }

  async embed(texts: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Float32Array[]> {
    const size = this.#options.batchSize ?? 64;
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += size) {
      const vectors = await requestEmbeddings(this.#options, texts.slice(i, i + size), options.signal);
      for (const v of vectors) {
        if (v.length !== this.dimension) throw new AppError('remote_error', `The embedding model returned ${v.length} dimensions, expected ${this.dimension}.`);
        out.push(v);
      }
    }
    return out;
  }
}

/** Creates the provider, asking the server once for the model's dimension. */
export async function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Promise<OpenAiEmbedder> {
  const [probe] = await requestEmbeddings(options, ['dimension probe']);
  if (!probe?.length) throw new AppError('remote_error', 'The embedding server returned no vector.');
  return new OpenAiEmbedder(options, probe.length);
}

async function requestEmbeddings(options: OpenAiEmbedderOptions, input: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
  const url = options.baseUrl.replace(/\/+$/, '') + '/embeddings';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
  const { request } = await import('undici'); // loaded only when a remote model is in use
  let response;
  try {
    response = await request(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: options.model, input }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new AppError('unavailable', `Cannot reach the embedding server at ${url}: ${(error as Error).message}`, { cause: error });
  }
  const text = await response.body.text();
  if (response.statusCode !== 200) {
    throw new AppError('remote_error', `The embedding server answered ${response.statusCode}: ${text.slice(0, 200)}`);
  }
  const parsed = responseSchema.safeParse(JSON.parse(text));
  if (!parsed.success || parsed.data.data.length !== input.length) {
    throw new AppError('remote_error', 'The embedding server sent a reply that is not an embeddings list.');
  }
  return [...parsed.data.data].sort((a, b) => a.index - b.index).map((d) => normalize(Float32Array.from(d.embedding)));
}
