// A snapshot's files, for browsing it, comparing two and restoring some of them: each document's original
// path, size and modification time, from the manifest alone (its record items name their file). Snapshots
// made before manifests named files have their document records read instead (small, but one request per
// object that holds them).
import type { SnapshotFileEntry } from '../../src-shared/contract/snapshot-files.ts';
import { AppError } from '../../src-shared/contract/define.ts';
import type { DocumentSnapshotRecord } from './snapshot-source.ts';
import { networkStateIfKnown } from '../walrus/index.ts';
import { fetchManifest, resolveManifestBlobId } from './fetch.ts';
import { readItems, type ItemReaderOptions } from './item-reader.ts';
import { requireKeys, type BackupKeys } from './keys.ts';
import type { ManifestItem, SnapshotFile, SnapshotManifest } from './manifest.ts';
import { readFailure, summariseFailures, type ReadFailure } from './read-failures.ts';
import { knownEndEpoch } from './restore-adoption.ts';
import type { RestoreDeps } from './restore.ts';

export interface OpenedSnapshot {
  snapshotId: string;
  manifest: SnapshotManifest;
  keys: BackupKeys;
  /** How to read its items (quilt layout at the network's shard count, renewed end epochs). */
  reader: ItemReaderOptions;
}

export interface SnapshotDocument extends SnapshotFileEntry {
  record: ManifestItem;
  content: ManifestItem | undefined;
}

export async function openSnapshot(deps: RestoreDeps, id: string, signal?: AbortSignal): Promise<OpenedSnapshot> {
  const keys = await requireKeys(deps.keys);
  const snapshotId = resolveManifestBlobId(deps.db, id);
  const network = await networkStateIfKnown(deps.network);
  if (network) deps.walrus.observeEpoch(network.currentEpoch);
  const manifest = await fetchManifest(deps.walrus, keys, snapshotId, signal);
  const reader: ItemReaderOptions = {
    shards: network?.nShards ?? deps.walrus.options.shards ?? 1000,
    endEpochOf: (item) => knownEndEpoch(deps.db, item),
    ...(signal ? { signal } : {}),
  };
  return { snapshotId, manifest, keys, reader };
}

/** Every document of the snapshot with its file, sorted by path. */
export async function snapshotDocuments(deps: RestoreDeps, opened: OpenedSnapshot): Promise<SnapshotDocument[]> {
  const byDocument = new Map<number, { record?: ManifestItem; content?: ManifestItem }>();
  for (const item of opened.manifest.items) {
    const entry = byDocument.get(item.documentId) ?? {};
    entry[item.kind === 'document' ? 'record' : 'content'] = item;
    byDocument.set(item.documentId, entry);
  }
  const unnamed = [...byDocument.values()].flatMap((e) => (e.record && !e.record.file ? [e.record] : []));
  const named = unnamed.length ? await readRecordFiles(deps, opened, unnamed) : new Map<number, SnapshotFile>();
  const documents: SnapshotDocument[] = [];
  for (const [documentId, { record, content }] of byDocument) {
    if (!record) throw new AppError('remote_error', 'The manifest lists a file without its document record.');
    const file = record.file ?? named.get(documentId);
    if (!file) continue;
    documents.push({ documentId, path: file.path, size: file.size, modifiedAt: new Date(file.mtime).toISOString(), hash: content?.hash ?? null, record, content });
  }
  return documents.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Files named only inside the document records (older snapshots): reads those records. */
async function readRecordFiles(deps: RestoreDeps, opened: OpenedSnapshot, records: ManifestItem[]): Promise<Map<number, SnapshotFile>> {
  const files = new Map<number, SnapshotFile>();
  const failures: ReadFailure[] = [];
  await readItems(deps.walrus, opened.keys, records, opened.reader, async (read) => {
    if ('error' in read) {
      const failure = readFailure(read.item, read.error, read.damaged);
      if (!failure) throw read.error;
      failures.push(failure);
      return;
    }
    const { document } = JSON.parse(Buffer.from(read.plain).toString('utf8')) as DocumentSnapshotRecord;
    files.set(read.item.documentId, { path: document.path, size: document.size, mtime: document.mtime });
  });
  if (failures.length) throw new AppError('not_found', `The snapshot's file list cannot be read: ${summariseFailures(failures, records.length)}`);
  return files;
}
