// Which embedder the library uses, remembered in <dataDir>/library/embedder.json so every start (desktop,
// CLI, web host) embeds queries the way the catalog was embedded. API keys are not written to disk:
// they come from PDW_EMBEDDING_API_KEY (or the request that switched embedders, for that session).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { EmbedderChoice } from '../../src-shared/contract/library.ts';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { createBundledEmbedder, type Embedder, createOpenAiEmbedder, OpenAiEmbedder } from '../embed/index.ts';

const storedSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bundled') }),
  z.object({ kind: z.literal('openai'), baseUrl: z.string(), model: z.string(), dimension: z.number().int().positive() }),
]);
type StoredChoice = z.infer<typeof storedSchema>;

export async function readEmbedderChoice(file: string): Promise<StoredChoice> {
  try {
    return storedSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return { kind: 'bundled' };
  }
}

/** Builds the embedder for a stored choice without touching the network. */
/** `envApiKey`: PDW_EMBEDDING_API_KEY, as the configuration read it. */
export async function embedderFromStored(choice: StoredChoice, cacheDir: string, envApiKey?: string): Promise<Embedder> {
  if (choice.kind === 'bundled') return createBundledEmbedder(cacheDir);
  const apiKey = envApiKey;
  return new OpenAiEmbedder({ baseUrl: choice.baseUrl, model: choice.model, ...(apiKey ? { apiKey } : {}) }, choice.dimension);
}

/** Builds the embedder a person picked (probing a remote model for its dimension) and its stored form. */
export async function embedderFromChoice(choice: EmbedderChoice, cacheDir: string, envApiKey?: string): Promise<{ embedder: Embedder; stored: StoredChoice }> {
  if (choice.kind === 'bundled') return { embedder: await createBundledEmbedder(cacheDir), stored: { kind: 'bundled' } };
  const apiKey = choice.apiKey ?? envApiKey;
  const embedder = await createOpenAiEmbedder({ baseUrl: choice.baseUrl, model: choice.model, ...(apiKey ? { apiKey } : {}) });
  return { embedder, stored: { kind: 'openai', baseUrl: choice.baseUrl, model: choice.model, dimension: embedder.dimension } };
}

export async function writeEmbedderChoice(file: string, choice: StoredChoice): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(choice));
}
