// What every section of `npm run bench backup` works on: a local Walrus server, a client that records
// each quilt's patches as it stores them, a library of small documents already ingested, and an engine
// whose clock follows the server's. A section is a function of this world that returns its table.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackupEngine } from '../../src-main/backup/engine.ts';
import type { BackupKeysProvider } from '../../src-main/backup/keys.ts';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import type { Embedder } from '../../src-main/embed/embedder.ts';
import { openLibrary } from '../../src-main/library/library.ts';
import { deriveBackupKeys } from '../../src-main/wallet/backup-keys.ts';
import { CostTracker, createWalrusClient, type WalrusClient } from '../../src-main/walrus/index.ts';
import type { SizedPatch } from '../../src-main/walrus/quilt-packing.ts';
import type { StoreRecordInput } from '../../src-main/walrus/cost-tracker.ts';
import { startWalrusLocal, type WalrusLocal } from '../../src-main/walrus-local/index.ts';

export const EPOCH_MS = 3_600_000;
const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
export const WORDS = 'river garden honey bread engine lantern orchard violin harbor meadow copper glacier falcon pepper marble canyon ribbon thunder velvet compass'.split(' ');

/** Every quilt the client stored, in the order stored, with its patches as sent and the units it bought. */
export class QuiltRecorder extends CostTracker {
  readonly quilts: { patches: SizedPatch[]; reportedCost: number; epochs: number }[] = [];

  override recordStore(input: StoreRecordInput) {
    if (input.operation === 'storeQuilt' && !input.alreadyCertified) {
      this.quilts.push({ patches: (input.patches ?? []).map((p) => ({ identifier: p.identifier, size: p.size, tags: p.tags })), reportedCost: input.reportedCost, epochs: input.epochs });
    }
    return super.recordStore(input);
  }
}

export interface BackupBenchWorld {
  docs: number;
  shards: number;
  root: string;
  dataDir: string;
  docsDir: string;
  server: WalrusLocal;
  walrus: WalrusClient;
  recorder: QuiltRecorder;
  embedder: Embedder;
  keys: BackupKeysProvider;
  engine: BackupEngine;
  /** Seconds the corpus took to ingest (not part of any backup figure). */
  ingestS: number;
  /** Moves the engine's clock with the server's when a section advances epochs. */
  advanceEpochs(n: number): void;
}

/** Builds the world, runs `use`, and removes everything afterwards. */
export async function withBackupWorld<T>(docs: number, shards: number, use: (world: BackupBenchWorld) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'pdw-bench-backup-'));
  const server = await startWalrusLocal({ shards, fsync: false, maxQuiltSize: 200 * 1024 * 1024, epochSeconds: EPOCH_MS / 1000 });
  const recorder = new QuiltRecorder({ shards });
  // One quilt at a time: the recorder then sees the patches in the order the backup sent them.
  const walrus = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, costTracker: recorder, concurrency: 1 });
  const keys = deriveBackupKeys(randomBytes(32));
  const provider = { backupKeys: async () => keys, address: () => `0x${'cd'.repeat(32)}` };
  let engine: BackupEngine | undefined;
  try {
    const embedder = await createBundledEmbedder(CACHE_DIR);
    const dataDir = join(root, 'data');
    const docsDir = join(root, 'docs');
    await mkdir(docsDir, { recursive: true });
    for (let i = 0; i < docs; i++) await writeFile(join(docsDir, `note-${i}.txt`), noteText(i));
    const library = await openLibrary({ dataDir, embedder });
    const t = performance.now();
    await library.ingest([docsDir]);
    const ingestS = (performance.now() - t) / 1000;
    await library.close();
    let skewMs = 0;
    engine = BackupEngine.open({ dataDir, walrus: () => walrus, keys: provider, epochs: 5, epochMs: EPOCH_MS, now: () => Date.now() + skewMs });
    const advanceEpochs = (n: number) => {
      server.clock.advanceEpochs(n);
      skewMs += n * EPOCH_MS;
    };
    return await use({ docs, shards, root, dataDir, docsDir, server, walrus, recorder, embedder, keys: provider, engine, ingestS, advanceEpochs });
  } finally {
    engine?.close();
    await walrus.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

export function noteText(i: number): string {
  const pick = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length];
  return `Note ${i}\n\nThe ${pick(1)} near the ${pick(2)} keeps its ${pick(3)} while the ${pick(4)} waits. Entry ${i} mentions ${pick(5)} and ${pick(6)}.\n`;
}

export function bytesIn(server: WalrusLocal): number {
  return server.requestLog().filter((e) => e.method === 'PUT').reduce((s, e) => s + e.bytesIn, 0);
}
