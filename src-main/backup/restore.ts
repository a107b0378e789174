// Restore: a snapshot's manifest and items, fetched, decrypted and hash-checked, written into a staging
// library folder that replaces the library folder only once complete (library-swap.ts makes the swap
// itself survive a kill). A failed or cancelled restore leaves the current library untouched; a failed
// one keeps what it read, and restoring the same snapshot again continues from there.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SnapshotSettings } from '../../src-shared/contract/backup.ts';
import { AppError } from '../../src-shared/contract/define.ts';
import { type WalrusClient, networkStateIfKnown, type NetworkStateReader } from '../walrus/index.ts';
import type { BackupDb } from './backup-db.ts';
import type { Progress } from '../../src-shared/contract/jobs.ts';
import { DocumentAssembler, type DocumentItems } from './document-assembler.ts';
import { fetchManifestBlobs, resolveManifestBlobId } from './fetch.ts';
import { adoptRestoredSnapshot, knownEndEpoch } from './restore-adoption.ts';
import { readItems } from './item-reader.ts';
import { requireKeys, type BackupKeysProvider } from './keys.ts';
import { alive } from './lock.ts';
import type { ManifestItem } from './manifest.ts';
import { readFailure, summariseFailures, type ReadFailure } from './read-failures.ts';
import { openSnapshotSource, type SwapStep } from './snapshot-source.ts';

const STAGING_PREFIX = 'library.restoring-';
/** Inside a staging folder: which snapshot it holds, so an interrupted restore can be continued. */
const SNAPSHOT_FILE = 'restoring.json';

export interface RestoreDeps {
  walrus: WalrusClient;
  keys: BackupKeysProvider;
  /** Local history, to resolve run ids; absent on a fresh machine (manifest blob ids still work). */
  db?: BackupDb;
  /** The network's epoch and shard count (Sui): expired items are named so, and quilts are cut in the right columns. */
  network?: NetworkStateReader;
}

export interface RestoreOptions {
  dataDir: string;
  /** 'new' refuses a data dir whose library has documents; 'replace' swaps the library out. */
  target: 'new' | 'replace';
  /** Called before the library folder is swapped: the app closes its open library here. */
  beforeSwap?: () => Promise<void>;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  concurrency?: number;
  /** 'patch': one request per item instead of one per stored object (the benchmark's baseline). */
  readBy?: 'object' | 'patch';
  /** Observes the library swap (the crash tests kill the process at each step). */
  onSwapStep?: (step: SwapStep) => void;
}

export interface RestoreResult {
  snapshotId: string;
  documents: number;
  chunks: number;
  bytes: number;
  /** Documents restored without their original file (it was gone when the snapshot was made). */
  withoutContent: number;
  createdAt: string;
  /** The schedule and retention settings the snapshot carries (absent in manifests made before they did). */
  settings?: SnapshotSettings;
}

export async function restoreSnapshot(deps: RestoreDeps, id: string, options: RestoreOptions): Promise<RestoreResult> {
  const keys = await requireKeys(deps.keys);
  const blobId = resolveManifestBlobId(deps.db, id);
  const library = openSnapshotSource(options.dataDir);
  await library.recoverSwap();
  if (options.target === 'new' && (await library.documentCount()) > 0) {
    throw new AppError('conflict', 'This library already has documents: restore into a new data folder, or choose to replace the current library.');
  }
  // Knowing the epoch, a 404 for an item whose storage has ended reads as expired.
  const network = await networkStateIfKnown(deps.network);
  if (network) deps.walrus.observeEpoch(network.currentEpoch);
  const { manifest, parts } = await fetchManifestBlobs(deps.walrus, keys, blobId, options.signal);
  const byDocument = new Map<number, DocumentItems>();
  for (const item of manifest.items) {
    const entry = byDocument.get(item.documentId) ?? {};
    entry[item.kind] = item;
    byDocument.set(item.documentId, entry);
  }
  const staging = await claimStaging(options.dataDir, blobId);
  const importer = await library.openImport(staging);
  const total = manifest.items.length;
  const tally = { done: 0, bytes: 0, withoutContent: 0 };
  const count = ({ content }: DocumentItems) => {
    tally.done += content ? 2 : 1;
    tally.bytes += content?.size ?? 0;
    if (!content) tally.withoutContent++;
  };
  // Documents an interrupted restore of this snapshot already wrote are not read again.
  const imported = importer.documentIds();
  const todo: DocumentItems[] = [];
  for (const [documentId, entry] of byDocument) {
    if (imported.has(documentId)) count(entry);
    else todo.push(entry);
  }
  const failures: ReadFailure[] = [];
  try {
    const assembler = new DocumentAssembler(todo);
    const items = todo.flatMap(({ document, content }) => (content ? [document, content] : [document])).filter((i): i is ManifestItem => i !== undefined);
    const reader = {
      shards: network?.nShards ?? deps.walrus.options.shards ?? 1000,
      endEpochOf: (item: ManifestItem) => knownEndEpoch(deps.db, item),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.readBy ? { readBy: options.readBy } : {}),
    };
    await readItems(deps.walrus, keys, items, reader, async (read) => {
      if ('error' in read) {
        const failure = readFailure(read.item, read.error, read.damaged);
        if (!failure) throw read.error;
        failures.push(failure);
        assembler.fail(read.item.documentId);
        return;
      }
      const ready = assembler.add(read.item, read.plain);
      if (!ready) return;
      await importer.addDocument(ready.record, ready.content);
      count(ready.entry);
      options.onProgress?.({ done: tally.done, total, unit: 'items', current: ready.record.document.title });
    });
    options.signal?.throwIfAborted();
    if (failures.length > 0) throw failedItemsError(failures, total);
    await importer.finish(manifest.embedder);
  } catch (error) {
    if (options.signal?.aborted) {
      importer.suspend();
      await rm(staging, { recursive: true, force: true });
      throw new AppError('cancelled', 'The restore was cancelled; the current library is unchanged.', { cause: error });
    }
    // Keep what was read: restoring this snapshot again carries on from here (a network blip costs nothing).
    importer.suspend();
    await stopStaging(staging);
    throw error;
  }
  try {
    await options.beforeSwap?.();
  } catch (error) {
    await stopStaging(staging);
    throw error;
  }
  await rm(join(staging, SNAPSHOT_FILE), { force: true });
  await library.swapIn(basename(staging), options.onSwapStep);
  if (deps.db) adoptRestoredSnapshot(deps.db, { blobId, manifest, parts }, library.generation());
  return { snapshotId: blobId, documents: byDocument.size, chunks: manifest.stats.chunks, bytes: tally.bytes, withoutContent: tally.withoutContent, createdAt: manifest.createdAt,
    ...(manifest.settings ? { settings: manifest.settings } : {}) };
}

function failedItemsError(failures: ReadFailure[], total: number): AppError {
  const damaged = failures.some((f) => f.reason === 'damaged');
  return new AppError(
    damaged ? 'remote_error' : 'not_found',
    `${summariseFailures(failures, total)}${damaged ? " Damaged items are altered on Walrus, or were sealed with another wallet's keys." : ''} ` +
      'The current library is unchanged; the items read so far are kept, so restoring again reads only what is missing.',
  );
}

/**
 * A staging folder for `blobId`: one an interrupted restore of the same snapshot left (a dead process's,
 * or one stopped by an error) is taken over and continued; any other left behind is removed.
 */
async function claimStaging(dataDir: string, blobId: string): Promise<string> {
  // The pid in the name tells a later restore whether this one is still running.
  const mine = join(dataDir, `${STAGING_PREFIX}${process.pid}-${randomUUID()}`);
  let claimed = false;
  for (const name of await readdir(dataDir).catch(() => [] as string[])) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(STAGING_PREFIX.length))?.[1]);
    if (pid && alive(pid)) continue;
    const path = join(dataDir, name);
    if (!claimed && (await stagedSnapshot(path)) === blobId) {
      // Another restore starting at the same moment may take it first; then this one starts afresh.
      claimed = await rename(path, mine).then(() => true, () => false);
      if (claimed) continue;
    }
    await rm(path, { recursive: true, force: true });
  }
  if (!claimed) {
    await mkdir(mine, { recursive: true });
    await writeFile(join(mine, SNAPSHOT_FILE), JSON.stringify({ snapshotId: blobId }));
  }
  return mine;
}

async function stagedSnapshot(staging: string): Promise<string | undefined> {
  const text = await readFile(join(staging, SNAPSHOT_FILE), 'utf8').catch(() => undefined);
  try {
    return text === undefined ? undefined : (JSON.parse(text) as { snapshotId?: string }).snapshotId;
  } catch {
    return undefined;
  }
}

/** Renames a staging folder out of this process's name, so the next restore of its snapshot takes it over. */
async function stopStaging(staging: string): Promise<void> {
  await rename(staging, join(dirname(staging), `${STAGING_PREFIX}stopped-${randomUUID()}`)).catch(() => {});
}
