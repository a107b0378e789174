import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { snapshotPreviewSchema } from '../../src-shared/contract/backup.ts';
import type { RequestOutput } from '../../src-shared/contract/index.ts';
import { api } from '../api/client.ts';
import { JobProgress } from '../components/backup/JobProgress.tsx';
import { formatBytes, formatDate } from '../components/format.ts';
import { Page } from '../components/Page.tsx';
import { ImportWallet } from '../components/wallet/ImportWallet.tsx';
import '../components/wallet/wallet.css';
import { useBackupsStore } from '../stores/backups.ts';
import { useLibraryStore } from '../stores/library.ts';
import { useWalletStore } from '../stores/wallet.ts';
import { runAction } from '../api/run-action.ts';

type Preview = z.infer<typeof snapshotPreviewSchema>;
const STEPS = ['Choose', 'Preview', 'Target', 'Restore'] as const;

export function RestorePage() {
  const { snapshots, jobs, results } = useBackupsStore();
  const { refresh, restore, verify, clearResult } = useBackupsStore.getState();
  const [step, setStep] = useState(0);
  const [snapshotId, setSnapshotId] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [loading, setLoading] = useState(false);
  const [target, setTarget] = useState<'new' | 'replace'>('new');
  const [confirmed, setConfirmed] = useState(false);
  const libraryDocs = useLibraryStore((s) => s.stats?.documents ?? 0);
  const [discovered, setDiscovered] = useState<RequestOutput<'backup.discover'>['snapshots'] | null>(null);
  // Set when some blobs that may be snapshots could not be read: the list is then not the whole story.
  const [discoveryWarning, setDiscoveryWarning] = useState<string | null>(null);
  const [discovering, setDiscovering] = useState(false);
  const discover = async () => {
    setDiscovering(true);
    try {
      const found = await api.call('backup.discover', {});
      setDiscovered(found.snapshots);
      setDiscoveryWarning(found.warning);
    } catch {
      // the toast explains (no wallet, Sui RPC unreachable…)
    } finally {
      setDiscovering(false);
    }
  };

  const wallet = useWalletStore((s) => s.status);
  useEffect(() => {
    runAction(refresh());
    runAction(useLibraryStore.getState().refresh());
    runAction(useWalletStore.getState().load());
  }, [refresh]);
  useEffect(() => {
    if (results.restore) setStep(3);
  }, [results.restore]);

  const loadPreview = async () => {
    setLoading(true);
    try {
      setPreview(await api.call('backup.snapshot', { id: snapshotId.trim() }));
      setStep(1);
    } catch {
      // the error toast says why (unknown id, wrong wallet, Walrus unreachable)
    } finally {
      setLoading(false);
    }
  };
  const start = async () => {
    clearResult('restore');
    await restore({ snapshotId: snapshotId.trim(), target, confirm: target === 'replace' && confirmed }).catch(() => {});
    setStep(3);
  };
  const restored = results.restore?.outcome;

  return (
    <Page title="Restore" subtitle="Bring a library back from an encrypted snapshot on Walrus.">
      <ol className="wizard-steps" aria-label="Restore steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? 'step' : undefined}>
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      {step === 0 && wallet && !wallet.exists ? (
        // A new machine: the recovery phrase brings the wallet back, and with it the snapshots it owns on Walrus.
        <ImportWallet needsPassphrase={wallet.sealer === 'passphrase'} title="Restore from recovery phrase" onImported={() => void discover()} />
      ) : null}
      {step === 0 && wallet?.exists !== false ? (
        <form className="choices" onSubmit={(e) => (e.preventDefault(), void loadPreview())}>
          {snapshots
            // An expired snapshot's data is gone from Walrus; a forgotten one can still be restored until it expires.
            .filter((s) => s.state === 'complete' && !s.expired)
            .map((s) => (
              <label key={s.id} className={s.forgottenAt ? 'muted' : undefined}>
                <input type="radio" name="snapshot" value={s.id} checked={snapshotId === s.id} onChange={() => setSnapshotId(s.id)} />
                <span>
                  {formatDate(s.createdAt)} · {s.documents} documents
                  {s.forgottenAt && s.expiresAt ? ` · forgotten, expires ${formatDate(s.expiresAt)}` : ''}
                  <br />
                  <code className="muted">{s.id}</code>
                </span>
              </label>
            ))}
          {discovered
            ?.filter((d) => !snapshots.some((h) => h.id === d.snapshotId))
            .map((s) => (
            <label key={s.snapshotId}>
              <input type="radio" name="snapshot" value={s.snapshotId} checked={snapshotId === s.snapshotId} onChange={() => setSnapshotId(s.snapshotId)} />
              <span>
                From your wallet: {formatDate(s.createdAt)} · {s.documents} documents · {formatBytes(s.bytes)}
                <br />
                <code className="muted">{s.snapshotId}</code>
              </span>
            </label>
          ))}
          {discovered ? (
            <p className="muted" data-testid="discovered">
              {discovered.length === 0
                ? `No snapshots found among the Walrus blobs of ${wallet?.address ?? 'this wallet'}. Expected some? Compare this address with your old wallet's: words of a phrase in another order can still make a valid phrase, of another, empty wallet. To try the phrase again, remove this wallet on the Wallet page.`
                : `Found ${discovered.length} snapshot(s) among your wallet's Walrus blobs${discovered.some((d) => snapshots.some((h) => h.id === d.snapshotId)) ? ' (those already in this history are listed once)' : ''}.`}
            </p>
          ) : null}
          {discovered && discoveryWarning ? (
            <p className="panel panel-error" role="alert" data-testid="discovery-incomplete">
              {discoveryWarning}
            </p>
          ) : null}
          <div>
            <button type="button" disabled={discovering} onClick={() => void discover()}>
              {discovering ? 'Searching Walrus…' : "Find my wallet's snapshots"}
            </button>
          </div>
          <label>
            <span>Or a snapshot id (from `pdw backup --json` on any machine with the same recovery phrase)</span>
          </label>
          <input aria-label="Snapshot id" value={snapshotId} onChange={(e) => setSnapshotId(e.target.value)} placeholder="Snapshot id" />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={!snapshotId.trim() || loading}>
              {loading ? 'Reading snapshot…' : 'Next'}
            </button>
          </div>
        </form>
      ) : null}
      {step === 1 && preview ? (
        <div className="choices" data-testid="restore-preview">
          <p>
            Snapshot of {formatDate(preview.createdAt)}: <strong>{preview.documents} documents</strong>, {preview.chunks} chunks, {formatBytes(preview.bytes)} (embedder {preview.embedder}).
          </p>
          <div className="form-actions">
            <button onClick={() => setStep(0)}>Back</button>
            <button className="primary" onClick={() => setStep(2)}>
              Next
            </button>
          </div>
        </div>
      ) : null}
      {step === 2 ? (
        <div className="choices">
          <label>
            <input type="radio" name="target" checked={target === 'new'} onChange={() => setTarget('new')} />
            <span>Into an empty library {libraryDocs > 0 ? `(this library has ${libraryDocs} documents: choose Replace)` : ''}</span>
          </label>
          <label>
            <input type="radio" name="target" checked={target === 'replace'} onChange={() => setTarget('replace')} />
            <span>Replace the current library ({libraryDocs} documents are removed from it)</span>
          </label>
          {target === 'replace' ? (
            <label>
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
              <span>I understand the current library is replaced by the snapshot.</span>
            </label>
          ) : null}
          <div className="form-actions">
            <button onClick={() => setStep(1)}>Back</button>
            <button className="primary" disabled={target === 'replace' && !confirmed} onClick={() => void start()}>
              Restore
            </button>
          </div>
        </div>
      ) : null}
      {step === 3 ? (
        <div data-testid="restore-status">
          {jobs.restore ? <JobProgress jobId={jobs.restore} label="Restoring" /> : null}
          {results.restore ? (
            <div className={`panel${results.restore.state === 'failed' ? ' panel-error' : ''}`} role="status">
              <strong>Restore {results.restore.state}</strong>
              <span>
                {restored
                  ? `${restored.documents} documents, ${restored.chunks} chunks, ${formatBytes(restored.bytes)} restored${restored.withoutContent ? ` (${restored.withoutContent} without their file content)` : ''}.${restored.adopted ? ` ${restored.adopted.message}` : ''}`
                  : results.restore.message}
              </span>
              {restored ? (
                <div className="form-actions">
                  <button disabled={jobs.verify !== undefined} onClick={() => runAction(verify(restored.snapshotId))}>
                    Verify the snapshot
                  </button>
                </div>
              ) : null}
              {results.verify?.outcome ? (
                <span data-testid="restore-verify">
                  {results.verify.outcome.failures.length === 0 ? `Verified: ${results.verify.outcome.checked} item(s) intact.` : (results.verify.outcome.summary ?? `${results.verify.outcome.failures.length} item(s) failed verification.`)}
                </span>
              ) : null}
            </div>
          ) : null}
          {!jobs.restore ? (
            <div className="form-actions">
              <button onClick={() => (setStep(0), setPreview(null), clearResult('restore'))}>Restore another</button>
            </div>
          ) : null}
        </div>
      ) : null}
    </Page>
  );
}
