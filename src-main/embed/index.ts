// The embedders' facade: the bundled word vectors, an OpenAI-compatible API, and the interface both implement.
export { createBundledEmbedder, WordVectorEmbedder } from './bundled-embedder.ts';
export { isZeroVector, normalize, type Embedder } from './embedder.ts';
export { createOpenAiEmbedder, OpenAiEmbedder, type OpenAiEmbedderOptions } from './openai-embedder.ts';
