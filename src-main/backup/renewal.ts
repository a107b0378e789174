// Storing again, before they expire, the quilts and blobs kept snapshots need, within the publisher's
// request limit. An object whose blob fits one request is read back and stored byte for byte: same bytes,
// same blob id, so every manifest naming it stays valid. A quilt larger than that (a full quilt at 1000 shards
// is ~30 MB) cannot be sent as one blob: its live items — those a kept or pending snapshot lists — are cut
// out of the quilt just read, checked, and stored again as new quilts, and the kept snapshots whose manifests named the old quilt get a
// renewed manifest (same run id, next revision, new blob id). Items only forgotten snapshots need stay behind.
import type { ExpiringSnapshot, RenewalResult } from '../../src-shared/contract/backup.ts';
import { AppError } from '../../src-shared/contract/define.ts';
import { mapLimit, toAppError, type WalrusClient } from '../walrus/index.ts';
import { parseQuiltPatchId } from '../walrus/ids.ts';
import { readQuiltPatch } from '../walrus/quilt-layout.ts';
import type { BackupDb, StoredItem } from './backup-db.ts';
import { itemAad, open, opaqueIdentifier, sha256Hex } from './crypto.ts';
import type { EpochEstimate } from './epoch-estimate.ts';
import { requireKeys, type BackupKeys, type BackupKeysProvider } from './keys.ts';
import { markRenewalFailed } from './renewal-history.ts';
import type { RenewalPlan, RenewalTask } from './renewal-plan.ts';
import type { RunLog } from './run-log.ts';
import type { Progress } from '../../src-shared/contract/jobs.ts';
import type { SnapshotWriter } from './snapshot-writer.ts';
import { backupStoreOptions, uploadSealed, type SealedItem, type UploadOptions } from './upload.ts';

/** Items opened at once (patch reads in flight when an item must be read again). */
const READ_CONCURRENCY = 8;

export interface RenewalDeps {
  walrus: WalrusClient;
  db: BackupDb;
  writer: SnapshotWriter;
  /** Needed only when items move: they are checked before they are stored again, and manifests are sealed. */
  keys: BackupKeysProvider;
  epochs: EpochEstimate;
  /** How items are stored (epochs bought, owner, item size limits). */
  upload: Omit<UploadOptions, 'signal' | 'onStored'>;
  /** Objects with more epochs left than this are not due. */
  renewWithinEpochs: number;
  /** The largest body the publisher takes in one request. */
  maxRequestBytes: number;
  now: () => number;
  /** What is due now, most urgent first (asked again once quilts have moved and manifests been rewritten). */
  plan(): RenewalPlan;
}

type Options = { signal?: AbortSignal | undefined; onProgress?: ((p: Progress) => void) | undefined };

export function emptyRenewal(expired = 0): RenewalResult {
  return { renewed: 0, repacked: 0, movedItems: 0, manifests: 0, notDue: 0, bytes: 0, cost: 0, expired, failures: [], expiring: [] };
}

/**
 * Renews what `deps.plan()` says is due into `result`: quilts first (a quilt that moves makes its snapshots'
 * manifests new objects, so their old manifests need no renewal), then the renewed manifests, then the blobs
 * still due. One object's failure is recorded and the rest go on; Walrus unreachable stops the pass.
 */
export async function renewObjects(deps: RenewalDeps, result: RenewalResult, options: Options): Promise<RenewalResult> {
  const { signal, onProgress } = options;
  const attempted = new Set<string>();
  const rewrite = new Set<string>();
  let kept: Set<string> | undefined;
  const first = deps.plan().renew;
  let total = first.length;
  const attempt = async (task: RenewalTask, work: () => Promise<void>) => {
    signal?.throwIfAborted();
    // Each store tells the real current epoch: once a wrong epoch length made the estimate run ahead, the
    // first store corrects it and objects that are not due after all are left for later (not paid twice).
    if (attempted.size > 0 && task.endEpoch - deps.epochs.current() > deps.renewWithinEpochs) {
      result.notDue++;
    } else {
      try {
        await work();
      } catch (error) {
        // Walrus unreachable: the rest would fail too; the next pass tries again.
        if (signal?.aborted || toAppError(error).code === 'unavailable') throw error;
        result.failures.push({ objectId: task.objectId, message: toAppError(error).message });
      }
    }
    attempted.add(task.objectId);
    onProgress?.({ done: attempted.size, total, unit: 'items' });
  };

  for (const task of first.filter((t) => t.type === 'quilt')) {
    await attempt(task, async () => {
      const bytes = await deps.walrus.retrieveBlob(task.objectId, signal ? { signal } : {});
      if (bytes.byteLength <= deps.maxRequestBytes) return storeAgain(deps, task, bytes, result, signal);
      // Before anything moves: moved items are checked, and renewed manifests sealed, with the wallet's keys.
      const keys = await requireKeys(deps.keys);
      kept ??= deps.db.keptHashes();
      await moveLiveItems(deps, keys, bytes, task.objectId, kept, result, signal);
      result.repacked++;
      for (const runId of deps.db.keptSnapshotsNaming(task.objectId)) rewrite.add(runId);
    });
  }
  for (const runId of rewrite) {
    const manifestId = deps.db.snapshot(runId)?.manifestBlobId as string;
    await attempt({ objectId: manifestId, type: 'blob', endEpoch: Number.NEGATIVE_INFINITY, snapshots: [runId] }, () => rewriteManifest(deps, runId, result, signal));
  }
  const rest = deps.plan().renew.filter((t) => !attempted.has(t.objectId));
  // Planned at first, but no longer due once the stores so far told the real current epoch.
  result.notDue += first.filter((t) => !attempted.has(t.objectId) && !rest.some((r) => r.objectId === t.objectId)).length;
  total = attempted.size + rest.length;
  for (const task of rest) {
    await attempt(task, async () => {
      const bytes = await deps.walrus.retrieveBlob(task.objectId, signal ? { signal } : {});
      if (bytes.byteLength > deps.maxRequestBytes) throw new AppError('remote_error', `${bytes.byteLength} bytes: over the publisher's ${deps.maxRequestBytes}-byte request limit`);
      await storeAgain(deps, task, bytes, result, signal);
    });
  }
  return result;
}

/** Same bytes, same blob id: the object lives `epochs` longer and every manifest naming it stays valid. */
async function storeAgain(deps: RenewalDeps, task: RenewalTask, bytes: Uint8Array, result: RenewalResult, signal: AbortSignal | undefined): Promise<void> {
  // The same bytes are stored already: a lost answer must not be taken for this store (the old copy answers).
  const stored = await deps.walrus.storeBlob(bytes, { ...backupStoreOptions(deps.upload.epochs, deps.upload.sendObjectTo, signal), mayExist: true });
  result.cost += stored.cost;
  deps.epochs.observe(stored.endEpoch - deps.upload.epochs);
  if (stored.blobId !== task.objectId) throw new AppError('remote_error', `stored again as ${stored.blobId}, not as itself`);
  deps.db.renewObject(task.objectId, stored.endEpoch);
  result.renewed++;
  result.bytes += bytes.byteLength;
}

/**
 * Stores the items of `quiltId` that a kept or pending snapshot lists again, as new quilts, and records their
 * new locations (as each quilt lands). Each is cut out of the quilt already read and opened before it is sent;
 * one that does not open is read by its patch id (twice at most): damaged bytes are never stored as the only copy.
 */
async function moveLiveItems(
  deps: RenewalDeps,
  keys: BackupKeys,
  quilt: Uint8Array,
  quiltId: string,
  kept: Set<string>,
  result: RenewalResult,
  signal: AbortSignal | undefined,
): Promise<void> {
  const live = deps.db.itemsIn(quiltId).filter((i) => kept.has(i.hash));
  if (!live.length) return; // moved by an earlier pass that stopped before the manifests were written
  const sealed = await mapLimit(live, READ_CONCURRENCY, (item) => liveItem(deps.walrus, keys, quilt, item, signal));
  await uploadSealed(deps.walrus, sealed, {
    ...deps.upload,
    signal,
    onStored: (stored, cost, epoch) => {
      deps.db.recordItems(stored);
      deps.epochs.observe(epoch);
      result.cost += cost;
      result.bytes += stored.reduce((n, s) => n + s.storedSize, 0);
      result.movedItems += stored.length;
    },
  });
}

async function liveItem(walrus: WalrusClient, keys: BackupKeys, quilt: Uint8Array, item: StoredItem, signal: AbortSignal | undefined): Promise<SealedItem> {
  if (item.location.type !== 'patch') throw new AppError('internal', `Item ${item.hash.slice(0, 12)}… is not a quilt patch.`);
  const { patchId } = item.location;
  const intact = (data: Uint8Array) => {
    try {
      return sha256Hex(open(keys.content, data, itemAad(item.hash), 'A renewed item')) === item.hash;
    } catch {
      return false;
    }
  };
  const sliced = (() => {
    try {
      const { start, end } = parseQuiltPatchId(patchId);
      return readQuiltPatch(quilt, walrus.shards, start, end).contents;
    } catch {
      return undefined;
    }
  })();
  let data = sliced;
  const read = async () => (await walrus.retrieveFromQuiltByPatchId(patchId, { tags: false, ...(signal ? { signal } : {}) })).data;
  if (!data || !intact(data)) data = await read();
  if (!intact(data)) data = await read();
  if (!intact(data)) throw new AppError('remote_error', `Item ${item.hash.slice(0, 12)}… failed authentication twice while being renewed.`);
  return { hash: item.hash, kind: item.kind, identifier: opaqueIdentifier(keys.identifiers, item.hash), sealed: data };
}

/** A kept snapshot's manifest written again with its items where they are now; the new blob id becomes its id. */
async function rewriteManifest(deps: RenewalDeps, runId: string, result: RenewalResult, signal: AbortSignal | undefined): Promise<void> {
  const keys = await requireKeys(deps.keys);
  const manifest = deps.writer.manifestOf(runId, deps.db.manifestRevision(runId) + 1);
  const stored = await deps.writer.storeManifest(manifest, keys, deps.walrus, signal);
  deps.db.replaceManifest(runId, manifest.items.map((i) => i.hash), stored, deps.now());
  result.cost += stored.cost;
  result.manifests++;
}

/**
 * A renewal pass as the engine runs it: logged in the run log (when anything is due), whether it failed
 * remembered in the history, and ended with the kept snapshots it could not keep alive (`expiring`).
 */
export async function renewalPass(deps: RenewalDeps, runs: RunLog, expiring: () => ExpiringSnapshot[], options: Options): Promise<RenewalResult> {
  const first = deps.plan();
  const result = emptyRenewal(first.expired.length);
  const failed = (yes: boolean) => markRenewalFailed(deps.db, yes);
  if (!first.renew.length) {
    failed(false);
    result.expiring = expiring();
    return result;
  }
  const pass = async () => {
    await renewObjects(deps, result, options).catch((error: unknown) => {
      failed(true);
      throw error;
    });
    failed(result.failures.length > 0);
    result.expiring = expiring();
    return result;
  };
  return runs.track('renewal', pass, (r) => ({
    outcome: r.failures.length ? 'failed' : 'ok',
    uploadedItems: r.renewed + r.movedItems + r.manifests,
    bytes: r.bytes,
    cost: r.cost,
    message: renewalMessage(r, first.renew.length, deps.upload.epochs),
  }), options.signal);
}

/** The run log's line for a renewal pass. */
export function renewalMessage(r: RenewalResult, due: number, storageEpochs: number): string {
  return [
    `${r.renewed} of ${due} object(s) stored again for ${storageEpochs} epochs.`,
    ...(r.repacked ? [`${r.repacked} quilt(s) over one request's limit: ${r.movedItems} live item(s) moved to new quilts, ${r.manifests} manifest(s) written again.`] : []),
    ...(r.notDue ? [`${r.notDue} were not due after all (the epoch estimate had run ahead).`] : []),
    ...(r.expired ? [`${r.expired} had already expired.`] : []),
    ...r.failures.slice(0, 3).map((f) => `${f.objectId}: ${f.message}`),
    ...(r.expiring.length ? [`${r.expiring.length} kept snapshot(s) will expire unless a retry succeeds.`] : []),
  ].join(' ');
}
