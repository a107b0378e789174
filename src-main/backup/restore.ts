// Restore: a snapshot's manifest and items, fetched, decrypted and hash-checked, written into a staging
// library folder that replaces the library folder only once complete. A failed or cancelled restore
// leaves the current library untouched.
import { randomUUID } from 'node:crypto';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../src-shared/contract/define.ts';
import { syncDirectory } from '../fs/atomic.ts';
import { Catalog } from '../library/catalog.ts';
import type { DocumentSnapshotRecord } from '../library/snapshot-export.ts';
import { SnapshotImport } from '../library/snapshot-import.ts';
import type { WalrusClient } from '../walrus/index.ts';
import type { BackupDb } from './backup-db.ts';
import type { Progress } from './engine.ts';
import { eachLimit, fetchItem, fetchManifest, resolveManifestBlobId } from './fetch.ts';
import { requireKeys, type BackupKeysProvider } from './keys.ts';
import { alive } from './lock.ts';
import type { ManifestItem } from './manifest.ts';

const STAGING_PREFIX = 'library.restoring-';

export interface RestoreDeps {
  walrus: WalrusClient;
  keys: BackupKeysProvider;
  /** Local history, to resolve run ids; absent on a fresh machine (manifest blob ids still work). */
  db?: BackupDb;
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
}

export interface RestoreResult {
  snapshotId: string;
  documents: number;
  chunks: number;
  bytes: number;
  /** Documents restored without their original file (it was gone when the snapshot was made). */
  withoutContent: number;
  createdAt: string;
}

export async function restoreSnapshot(deps: RestoreDeps, id: string, options: RestoreOptions): Promise<RestoreResult> {
  const keys = await requireKeys(deps.keys);
  const blobId = resolveManifestBlobId(deps.db, id);
  const libraryDir = join(options.dataDir, 'library');
  if (options.target === 'new' && (await documentCount(libraryDir)) > 0) {
    throw new AppError('conflict', 'This library already has documents: restore into a new data folder, or choose to replace the current library.');
  }
  const manifest = await fetchManifest(deps.walrus, keys, blobId, options.signal);
  const byDocument = new Map<number, { document?: ManifestItem; content?: ManifestItem }>();
  for (const item of manifest.items) {
    const entry = byDocument.get(item.documentId) ?? {};
    entry[item.kind] = item;
    byDocument.set(item.documentId, entry);
  }
  await removeOrphanedStaging(options.dataDir);
  // The pid in the name tells a later restore whether this one is still running.
  const staging = join(options.dataDir, `${STAGING_PREFIX}${process.pid}-${randomUUID()}`);
  const importer = await SnapshotImport.open(staging, libraryDir);
  let done = 0;
  let bytes = 0;
  let withoutContent = 0;
  const total = manifest.items.length;
  try {
    await eachLimit([...byDocument.values()], options.concurrency ?? 8, async ({ document, content }) => {
      options.signal?.throwIfAborted();
      if (!document) throw new AppError('remote_error', 'The manifest lists a file without its document record.');
      const [recordBytes, contentBytes] = await Promise.all([
        fetchItem(deps.walrus, keys, document, options.signal),
        content ? fetchItem(deps.walrus, keys, content, options.signal) : Promise.resolve(null),
      ]);
      const record = JSON.parse(Buffer.from(recordBytes).toString('utf8')) as DocumentSnapshotRecord;
      await importer.addDocument(record, contentBytes);
      if (!contentBytes) withoutContent++;
      bytes += contentBytes?.byteLength ?? 0;
      done += content ? 2 : 1;
      options.onProgress?.({ done, total, unit: 'items', current: record.document.title });
    });
    options.signal?.throwIfAborted();
    await importer.finish(manifest.embedder);
  } catch (error) {
    importer.abort();
    await rm(staging, { recursive: true, force: true });
    if (options.signal?.aborted) throw new AppError('cancelled', 'The restore was cancelled; the current library is unchanged.', { cause: error });
    throw error;
  }
  await options.beforeSwap?.();
  await swapInto(staging, libraryDir);
  return { snapshotId: blobId, documents: byDocument.size, chunks: manifest.stats.chunks, bytes, withoutContent, createdAt: manifest.createdAt };
}

async function documentCount(libraryDir: string): Promise<number> {
  const file = join(libraryDir, 'catalog.sqlite');
  if (!(await stat(file).then(() => true, () => false))) return 0;
  const catalog = Catalog.open(file);
  try {
    return catalog.counts().documents;
  } finally {
    catalog.close();
  }
}

/** The old library is moved aside first, so at every moment one complete library folder exists. */
async function swapInto(staging: string, libraryDir: string): Promise<void> {
  const aside = `${libraryDir}.replaced-${Date.now()}`;
  const hadOld = await rename(libraryDir, aside).then(() => true, (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return false;
    throw error;
  });
  await rename(staging, libraryDir);
  await syncDirectory(join(libraryDir, '..'));
  if (hadOld) await rm(aside, { recursive: true, force: true });
}

/** A restore killed midway leaves its staging folder (a whole library); the next restore removes those of dead processes. */
async function removeOrphanedStaging(dataDir: string): Promise<void> {
  for (const name of await readdir(dataDir).catch(() => [] as string[])) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(STAGING_PREFIX.length))?.[1]);
    if (pid && alive(pid)) continue;
    await rm(join(dataDir, name), { recursive: true, force: true });
  }
}
