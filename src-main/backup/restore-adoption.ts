// A restore adopts the snapshot it read: the snapshot, and where each of its items is stored, go into the
// local history of the deployment in use, so the next backup on this machine references everything already
// on Walrus instead of uploading (and paying for) it again, and the Backups page lists the snapshot.
import type { BackupDb, DraftEntry, StoredItem } from './backup-db.ts';
import type { ManifestItem, SnapshotManifest } from './manifest.ts';

export interface ReadSnapshot {
  blobId: string;
  manifest: SnapshotManifest;
  /** The parts a large manifest's root names (empty for a manifest in one blob). */
  parts: readonly { blobId: string }[];
}

/** `libraryGeneration`: the restored library's, recorded as backed up. */
export function adoptRestoredSnapshot(db: BackupDb, read: ReadSnapshot, libraryGeneration: number): void {
  const { manifest } = read;
  const items: StoredItem[] = manifest.items.map((i) => ({ hash: i.hash, kind: i.kind, location: i.location, storedSize: i.storedSize, endEpoch: knownEndEpoch(db, i) }));
  const draft: DraftEntry[] = manifest.items.map(({ kind, documentId, hash, size }) => ({ kind, documentId, hash, size }));
  // The manifest was stored after its items, for as many epochs: it lasts at least as long as the first of them to end.
  const endEpoch = items.length ? Math.min(...items.map((i) => i.endEpoch)) : 0;
  db.adoptSnapshot(
    { runId: manifest.runId, parent: manifest.parent, createdAt: Date.parse(manifest.createdAt), ...manifest.stats },
    draft, manifest.embedder, items,
    { blobId: read.blobId, endEpoch, parts: read.parts.map((p) => ({ blobId: p.blobId, endEpoch })) },
  );
  // The restored library is what the snapshot holds: a scheduled run finds nothing to do until it changes.
  db.setMeta('generation', String(libraryGeneration));
}

/** The end epoch known for an item's object: the manifest's, or a later one renewal recorded here. */
export function knownEndEpoch(db: BackupDb | undefined, item: ManifestItem): number {
  const local = db?.item(item.hash);
  const same = local && JSON.stringify(local.location) === JSON.stringify(item.location);
  return Math.max(item.endEpoch, same ? local.endEpoch : 0);
}
