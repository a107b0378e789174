// Storing again, before they expire, the quilts and blobs kept snapshots need: each is read back and
// stored byte for byte for more epochs. Same bytes, same blob id, so every manifest naming it stays valid.
import type { RenewalResult } from '../../src-shared/contract/backup.ts';
import { AppError } from '../../src-shared/contract/define.ts';
import { toAppError, type WalrusClient } from '../walrus/index.ts';
import type { EpochEstimate } from './epoch-estimate.ts';
import type { RenewalTask } from './renewal-plan.ts';
import type { Progress } from './run-options.ts';
import { backupStoreOptions } from './upload.ts';

export interface RenewalDeps {
  walrus: WalrusClient;
  sendObjectTo: string | undefined;
  epochs: EpochEstimate;
  /** Epochs bought per store. */
  storageEpochs: number;
  /** Objects with more epochs left than this are not due. */
  renewWithinEpochs: number;
  /** Records the object's new end epoch once the store is confirmed. */
  renewed(objectId: string, endEpoch: number): void;
}

/** Renews `tasks` (most urgent first) into `result`; one object's failure is recorded and the rest go on. */
export async function renewObjects(deps: RenewalDeps, tasks: readonly RenewalTask[], result: RenewalResult, options: { signal?: AbortSignal | undefined; onProgress?: ((p: Progress) => void) | undefined }): Promise<RenewalResult> {
  const { signal, onProgress } = options;
  const read = signal ? { signal } : {};
  for (const [index, task] of tasks.entries()) {
    signal?.throwIfAborted();
    // Each store tells the real current epoch: once a wrong epoch length made the estimate run ahead, the
    // first store corrects it and objects that are not due after all are left for later (not paid twice).
    if (index > 0 && task.endEpoch - deps.epochs.current() > deps.renewWithinEpochs) {
      result.notDue++;
      continue;
    }
    try {
      const bytes = await deps.walrus.retrieveBlob(task.objectId, read);
      // The same bytes are stored already: a lost answer must not be taken as this store (the old copy answers).
      const stored = await deps.walrus.storeBlob(bytes, { ...backupStoreOptions(deps.storageEpochs, deps.sendObjectTo, signal), mayExist: true });
      result.cost += stored.cost;
      deps.epochs.observe(stored.endEpoch - deps.storageEpochs);
      if (stored.blobId !== task.objectId) throw new AppError('remote_error', `stored again as ${stored.blobId}, not as itself`);
      deps.renewed(task.objectId, stored.endEpoch);
      result.renewed++;
      result.bytes += bytes.byteLength;
    } catch (error) {
      // Walrus unreachable: the rest would fail too; the next pass tries again.
      if (signal?.aborted || toAppError(error).code === 'unavailable') throw error;
      result.failures.push({ objectId: task.objectId, message: toAppError(error).message });
    }
    onProgress?.({ done: index + 1, total: tasks.length, unit: 'items' });
  }
  return result;
}

/** The run log's line for a renewal pass. */
export function renewalMessage(r: RenewalResult, due: number, storageEpochs: number): string {
  return [
    `${r.renewed} of ${due} object(s) stored again for ${storageEpochs} epochs.`,
    ...(r.notDue ? [`${r.notDue} were not due after all (the epoch estimate had run ahead).`] : []),
    ...(r.expired ? [`${r.expired} had already expired.`] : []),
    ...r.failures.slice(0, 3).map((f) => `${f.objectId}: ${f.message}`),
  ].join(' ');
}
