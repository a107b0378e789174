// Verify: reads a sample (or every item) of a snapshot back from Walrus, decrypts it and checks its
// hash. Failures are collected, not thrown, so one damaged item does not hide the others, and summed up
// by reason (expired at which epoch, not found, damaged) in one sentence.
import { randomInt } from 'node:crypto';
import { AppError } from '../../src-shared/contract/define.ts';
import { networkStateIfKnown } from '../walrus/index.ts';
import type { Progress } from '../../src-shared/contract/jobs.ts';
import { fetchManifest, resolveManifestBlobId } from './fetch.ts';
import { readItems } from './item-reader.ts';
import { requireKeys } from './keys.ts';
import type { ManifestItem } from './manifest.ts';
import { readFailure, summariseFailures, type ReadFailure } from './read-failures.ts';
import { knownEndEpoch } from './restore-adoption.ts';
import type { RestoreDeps } from './restore.ts';

export interface VerifyResult {
  snapshotId: string;
  total: number;
  checked: number;
  failures: ReadFailure[];
  /** One sentence: all intact, or how many failed and why. */
  summary: string;
}

export async function verifySnapshot(
  deps: RestoreDeps,
  id: string,
  options: { sample?: number; all?: boolean; signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
): Promise<VerifyResult> {
  const keys = await requireKeys(deps.keys);
  const blobId = resolveManifestBlobId(deps.db, id);
  const network = await networkStateIfKnown(deps.network);
  if (network) deps.walrus.observeEpoch(network.currentEpoch);
  const manifest = await fetchManifest(deps.walrus, keys, blobId, options.signal);
  const chosen = options.all ? manifest.items : sample(manifest.items, options.sample ?? 20);
  const failures: ReadFailure[] = [];
  let checked = 0;
  const reader = {
    shards: network?.nShards ?? deps.walrus.options.shards ?? 1000,
    endEpochOf: (item: ManifestItem) => knownEndEpoch(deps.db, item),
    // Every item: each stored object read once. A sample: a few patches, cheaper than their whole quilts.
    readBy: options.all ? ('object' as const) : ('patch' as const),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  await readItems(deps.walrus, keys, chosen, reader, async (read) => {
    if ('error' in read) {
      const error = read.error;
      failures.push(readFailure(read.item, error, read.damaged) ?? { kind: read.item.kind, documentId: read.item.documentId, message: error instanceof AppError ? error.message : String(error), reason: 'unreadable' });
    }
    checked++;
    options.onProgress?.({ done: checked, total: chosen.length, unit: 'items' });
  });
  return { snapshotId: blobId, total: manifest.items.length, checked, failures, summary: summariseFailures(failures, checked) };
}

function sample(items: ManifestItem[], n: number): ManifestItem[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j] as ManifestItem, copy[i] as ManifestItem];
  }
  return copy.slice(0, n);
}
