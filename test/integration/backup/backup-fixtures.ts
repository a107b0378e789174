// Shared set-up for backup tests: a local Walrus server over real HTTP, a library with real documents
// and the bundled embedder, and backup keys derived the way the wallet derives them.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupEngine, type BackupEngineOptions } from '../../../src-main/backup/engine.ts';
import type { BackupKeysProvider } from '../../../src-main/backup/keys.ts';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { deriveBackupKeys } from '../../../src-main/wallet/backup-keys.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { afterAll, beforeAll } from 'vitest';
import { rm } from 'node:fs/promises';
import { makeTempDir } from '../../helpers/temp-dir.ts';

export const SHARDS = 100;
export const ADDRESS = `0x${'ab'.repeat(32)}`;

export const CORPUS: Record<string, string> = {
  'garden.md': '# Vegetable garden\n\nSow beans and peas in early spring. Tomatoes need a sunny spot and regular watering.\n',
  'bees.txt': 'Keeping bees\n\nThe colony lives in the hive. Worker bees collect nectar from flowers and turn it into honey, while the queen lays eggs.\n',
  'tea.html': '<!doctype html><html><head><title>Brewing Green Tea</title></head><body><h1>Green tea</h1><p>Steep the leaves in water at 80 degrees for two minutes; boiling water makes it bitter.</p></body></html>',
  'bread.md': '# Sourdough bread\n\nFeed the starter with flour and water the night before. Knead the dough, let it rise slowly, and bake in a hot oven.\n',
  'bicycle.txt': 'Bicycle maintenance\n\nOil the chain every few weeks, check the tyre pressure, and adjust the brakes when the levers feel soft.\n',
};

export const QUERIES = ['honey from flowers', 'green tea temperature', 'bake bread', 'chain oil brakes', 'tomatoes watering', 'queen'];

export function testKeys(address: string | null = ADDRESS, root: Uint8Array = randomBytes(32)): BackupKeysProvider {
  const keys = deriveBackupKeys(root);
  return { backupKeys: async () => keys, address: () => address };
}

export function walrusClient(server: WalrusLocal): WalrusClient {
  // Fast retries: these tests inject outages on purpose.
  return createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: SHARDS, retry: { retries: 1, minDelayMs: 10, maxDelayMs: 20 }, timeoutMs: 10_000 });
}

export async function writeCorpus(dir: string, files: Record<string, string> = CORPUS): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
    paths.push(join(dir, name));
  }
  return paths;
}

export async function library(dataDir: string): Promise<Library> {
  return openLibrary({ dataDir, embedder: await bundledEmbedder() });
}

export async function ingestCorpus(dataDir: string, docsDir: string, files?: Record<string, string>): Promise<void> {
  const lib = await library(dataDir);
  try {
    await lib.ingest(await writeCorpus(docsDir, files));
  } finally {
    await lib.close();
  }
}

export function engine(dataDir: string, walrus: WalrusClient, keys: BackupKeysProvider, extra: Partial<BackupEngineOptions> = {}): BackupEngine {
  return BackupEngine.open({ dataDir, walrus: () => walrus, keys, epochs: 3, ...extra });
}

export async function searchAll(dataDir: string): Promise<unknown[]> {
  const lib = await library(dataDir);
  try {
    const out: unknown[] = [];
    for (const q of QUERIES) {
      const results = await lib.search(q, { k: 10 });
      out.push(results.map((r) => ({ documentId: r.documentId, title: r.title, score: r.score, passages: r.passages })));
    }
    return out;
  } finally {
    await lib.close();
  }
}

export async function* plaintextNeedles(files: Record<string, string> = CORPUS): AsyncGenerator<string> {
  for (const [name, text] of Object.entries(files)) {
    yield name;
    for (const line of text.split('\n')) if (line.trim().length > 12) yield line.trim().slice(0, 40);
  }
}

export interface BackupWorld {
  root: string;
  server: WalrusLocal;
  walrus: WalrusClient;
}

/**
 * For a test file: a temp root, a local Walrus server and a client, started once and removed after. At the
 * real networks' 1000 shards (`shards: 1000`) ids take ~2 s each: the server computes them on two threads.
 */
export function useBackupWorld(options: { shards?: number } = {}): BackupWorld {
  const world = {} as BackupWorld;
  beforeAll(async () => {
    world.root = await makeTempDir();
    if (options.shards && options.shards !== SHARDS) {
      world.server = await startWalrusLocal({ shards: options.shards, fsync: false, idWorkers: 2 });
      world.walrus = createWalrusClient({ publisherUrl: world.server.url, aggregatorUrl: world.server.url, shards: options.shards, timeoutMs: 60_000 });
      return;
    }
    world.server = await startWalrusLocal({ shards: SHARDS, fsync: false });
    world.walrus = walrusClient(world.server);
  }, 120_000);
  afterAll(async () => {
    await world.walrus?.close();
    await world.server?.close();
    if (world.root) await rm(world.root, { recursive: true, force: true });
  });
  return world;
}
