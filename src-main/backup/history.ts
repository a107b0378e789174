// The backup history as the contract shows it: local records with estimated expiry dates (forgotten and
// expired ones flagged), a preview of any snapshot read from its manifest, and of what retention would forget.
import type { RetentionPolicy, RetentionPreview, SnapshotSummary } from '../../src-shared/contract/backup.ts';
import type { SnapshotRecord } from './backup-db.ts';
import type { BackupEngine } from './engine.ts';
import { countsOf, snapshotIdOf } from './snapshot-writer.ts';
import { fetchManifest, resolveManifestBlobId } from './fetch.ts';
import { requireKeys } from './keys.ts';
import { isExpiringSoon } from './expiry-warning.ts';
import { retentionDecisions } from './retention.ts';

export function snapshotSummaries(engine: BackupEngine): SnapshotSummary[] {
  const atRisk = atRiskRuns(engine);
  return engine.db.snapshots().map((s) => snapshotSummary(engine, s, atRisk));
}

/** How expiry dates are reckoned, for the Backups page: the epoch length (the network's, or assumed) and the warning window. */
export function expiryBasis(engine: BackupEngine) {
  const { ms, fromNetwork } = engine.epochs.length();
  return { currentEpoch: engine.epochs.current(), epochMs: Math.round(ms), epochFromNetwork: fromNetwork, warningDays: engine.options.expiryWarningDays(), renewWithinEpochs: engine.options.renewWithinEpochs };
}

/** Run ids of the kept snapshots renewal could not keep alive. */
const atRiskRuns = (engine: BackupEngine) => new Set(engine.expiringSnapshots().map((s) => s.runId));

export function snapshotSummary(engine: BackupEngine, s: SnapshotRecord, atRisk = atRiskRuns(engine)): SnapshotSummary {
  const expiresAt = s.endEpoch === null ? null : engine.epochs.dateOf(s.endEpoch);
  const window = { nowMs: engine.options.now(), currentEpoch: engine.epochs.current(), warningDays: engine.options.expiryWarningDays(), renewWithinEpochs: engine.options.renewWithinEpochs };
  return {
    ...countsOf(s),
    id: snapshotIdOf(s),
    runId: s.runId,
    createdAt: new Date(s.createdAt).toISOString(),
    state: s.state,
    expiresAt,
    parent: s.parent,
    error: s.error,
    forgottenAt: s.forgottenAt === null ? null : new Date(s.forgottenAt).toISOString(),
    pinned: s.pinned,
    expired: engine.isExpired(s),
    atRisk: atRisk.has(s.runId),
    expiringSoon: expiresAt !== null && isExpiringSoon(s, Date.parse(expiresAt), window),
  };
}

export async function previewSnapshot(engine: BackupEngine, id: string, signal?: AbortSignal) {
  const keys = await requireKeys(engine.options.keys);
  const blobId = resolveManifestBlobId(engine.db, id);
  const manifest = await fetchManifest(engine.options.walrus(), keys, blobId, signal);
  return {
    id: blobId,
    createdAt: manifest.createdAt,
    documents: manifest.stats.documents,
    chunks: manifest.stats.chunks,
    bytes: manifest.stats.bytes,
    items: manifest.items.length,
    parent: manifest.parent,
    embedder: manifest.embedder.id,
  };
}

/** What the saved retention rules, with `overrides` instead, would keep (and why) and forget now; changes nothing. */
export function retentionPreview(engine: BackupEngine, overrides: Partial<RetentionPolicy> = {}): RetentionPreview {
  const policy = { ...engine.options.retention(), ...overrides };
  const decisions = retentionDecisions(engine.db.snapshots().reverse(), policy);
  const shown = (runId: string, createdAt: number) => ({ id: snapshotIdOf(engine.db.snapshot(runId) as SnapshotRecord), createdAt: new Date(createdAt).toISOString() });
  return {
    policy,
    keep: decisions.filter((d) => d.reasons.length).map((d) => ({ ...shown(d.runId, d.createdAt), reasons: d.reasons })),
    forget: decisions.filter((d) => !d.reasons.length).map((d) => shown(d.runId, d.createdAt)),
  };
}
