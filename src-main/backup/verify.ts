// Verify: reads a sample (or every item) of a snapshot back from Walrus, decrypts it and checks its
// hash. Failures are collected, not thrown, so one damaged item does not hide the others.
import { randomInt } from 'node:crypto';
import { AppError } from '../../src-shared/contract/define.ts';
import type { Progress } from './run-options.ts';
import { eachLimit, fetchItem, fetchManifest, resolveManifestBlobId } from './fetch.ts';
import { requireKeys } from './keys.ts';
import type { ManifestItem } from './manifest.ts';
import type { RestoreDeps } from './restore.ts';

export interface VerifyResult {
  snapshotId: string;
  total: number;
  checked: number;
  failures: { kind: string; documentId: number; message: string }[];
}

export async function verifySnapshot(
  deps: RestoreDeps,
  id: string,
  options: { sample?: number; all?: boolean; signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
): Promise<VerifyResult> {
  const keys = await requireKeys(deps.keys);
  const blobId = resolveManifestBlobId(deps.db, id);
  const manifest = await fetchManifest(deps.walrus, keys, blobId, options.signal);
  const chosen = options.all ? manifest.items : sample(manifest.items, options.sample ?? 20);
  const failures: VerifyResult['failures'] = [];
  let checked = 0;
  await eachLimit(chosen, 8, async (item) => {
    options.signal?.throwIfAborted();
    try {
      await fetchItem(deps.walrus, keys, item, options.signal);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      failures.push({ kind: item.kind, documentId: item.documentId, message: error instanceof AppError ? error.message : String(error) });
    }
    checked++;
    options.onProgress?.({ done: checked, total: chosen.length, unit: 'items' });
  });
  return { snapshotId: blobId, total: manifest.items.length, checked, failures };
}

function sample(items: ManifestItem[], n: number): ManifestItem[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j] as ManifestItem, copy[i] as ManifestItem];
  }
  return copy.slice(0, n);
}
