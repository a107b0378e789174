// The embedding model a person configured, for the retrieval benchmark to judge beside the bundled one:
// an OpenAI-compatible endpoint (Ollama, LM Studio, OpenAI…) named by PDW_BENCH_EMBEDDING_URL and
// PDW_BENCH_EMBEDDING_MODEL, its key from PDW_EMBEDDING_API_KEY as in the app. Its embeddings of the
// corpora are cached per model, so only the first run pays for them.
import { createOpenAiEmbedder } from '../../../src-main/embed/openai-embedder.ts';
import { cachedEmbedder, type CachedEmbedder } from './embedding-cache.ts';

export const CONFIGURED_EMBEDDER_ENV = 'PDW_BENCH_EMBEDDING_URL=http://127.0.0.1:11434/v1 PDW_BENCH_EMBEDDING_MODEL=nomic-embed-text';

/** The configured model (its dimension probed once), or null when none is configured. */
export async function configuredEmbedder(env: NodeJS.ProcessEnv = process.env): Promise<CachedEmbedder | null> {
  const baseUrl = env.PDW_BENCH_EMBEDDING_URL?.trim();
  const model = env.PDW_BENCH_EMBEDDING_MODEL?.trim();
  if (!baseUrl && !model) return null;
  if (!baseUrl || !model) throw new Error(`Set both PDW_BENCH_EMBEDDING_URL and PDW_BENCH_EMBEDDING_MODEL (e.g. ${CONFIGURED_EMBEDDER_ENV}).`);
  const apiKey = env.PDW_EMBEDDING_API_KEY;
  return cachedEmbedder(await createOpenAiEmbedder({ baseUrl, model, ...(apiKey ? { apiKey } : {}), timeoutMs: 600_000 }));
}
