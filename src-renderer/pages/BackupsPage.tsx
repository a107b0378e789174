import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { RenewalResult, SnapshotSummary } from '../../src-shared/contract/backup.ts';
import { JobProgress } from '../components/backup/JobProgress.tsx';
import { NoticeBanners, type NoticeAction } from '../components/backup/NoticeBanners.tsx';
import { RunLog } from '../components/backup/RunLog.tsx';
import { SnapshotFiles } from '../components/backup/SnapshotFiles.tsx';
import { ScheduleControl } from '../components/backup/ScheduleControl.tsx';
import { SnapshotRetention } from '../components/backup/SnapshotRetention.tsx';
import { UnattendedBackups } from '../components/backup/UnattendedBackups.tsx';
import { formatBytes, formatDate, formatWal } from '../components/format.ts';
import { EmptyState, Page } from '../components/Page.tsx';
import { useAppStore } from '../stores/app.ts';
import { useBackupsStore, type BackupJobResults } from '../stores/backups.ts';
import { useUiStore } from '../stores/ui.ts';
import { runAction } from '../api/run-action.ts';

export function BackupsPage() {
  const { snapshots, runs, runsTotal, outbox, schedule, notices, jobs, results } = useBackupsStore();
  const { refresh, runBackup, verify, flushOutbox, setSchedule, pauseSchedule, clearResult, moreRuns, forget, keep, applyRetention, renew } = useBackupsStore.getState();
  const navigate = useUiStore((s) => s.navigate);
  const noticeActions: Record<NoticeAction, () => void> = {
    'retry-backup': () => runAction(runBackup()),
    'upload-outbox': () => runAction(flushOutbox()),
    unlock: () => navigate('wallet'),
    renew: () => runAction(renew()),
    'open-settings': () => navigate('settings'),
  };
  const settings = useAppStore((s) => s.settings);
  const keepSnapshots = settings?.keepSnapshots;
  const calendarRules = settings ? ([['days', settings.keepDaily], ['ISO weeks', settings.keepWeekly], ['months', settings.keepMonthly]] as const).filter(([, n]) => n > 0) : [];
  const newestComplete = snapshots.find((s) => s.state === 'complete')?.id;
  const [browsing, setBrowsing] = useState<string | null>(null);
  const [confirmingRetention, setConfirmingRetention] = useState(false);
  const pushToast = useUiStore((s) => s.pushToast);
  const browsed = snapshots.find((s) => s.id === browsing);
  useEffect(() => {
    runAction(refresh());
    // Scheduled backups, renewals and flushes change the history and the run log while the page is open.
    return api.onEvent((event) => {
      if (event.name === 'backup.changed') runAction(refresh());
    });
  }, [refresh]);

  return (
    <Page
      title="Backups"
      subtitle="Encrypted, incremental snapshots of your library on Walrus."
      actions={
        <button className="primary" disabled={jobs.backup !== undefined} onClick={() => runAction(runBackup())}>
          Back up now
        </button>
      }
    >
      {jobs.backup ? <JobProgress jobId={jobs.backup} label="Backing up" /> : null}
      {jobs.verify ? <JobProgress jobId={jobs.verify} label="Verifying" /> : null}
      {jobs.renew ? <JobProgress jobId={jobs.renew} label="Renewing" /> : null}
      <JobReport result={results.backup} onDismiss={() => clearResult('backup')} />
      <JobReport result={results.verify} onDismiss={() => clearResult('verify')} />
      <JobReport result={results.renew} onDismiss={() => clearResult('renew')} />
      <NoticeBanners notices={notices} busy={{ 'retry-backup': jobs.backup !== undefined, renew: jobs.renew !== undefined }} onAction={(a) => noticeActions[a]()} />
      <ExpiringBanner snapshots={snapshots.filter((s) => s.atRisk)} renewing={jobs.renew !== undefined} onRenew={() => runAction(renew())} />
      {outbox && outbox.items > 0 ? (
        <div className="panel" role="status" data-testid="outbox">
          <div className="panel-row">
            <strong>Waiting for Walrus</strong>
            <span className="muted">
              {outbox.items} item(s), {formatBytes(outbox.bytes)} of {outbox.snapshots} snapshot(s) are kept safely on this device and upload when Walrus is reachable.
            </span>
            <button onClick={() => runAction(flushOutbox())}>Upload now</button>
          </div>
        </div>
      ) : null}
      {schedule ? <ScheduleControl schedule={schedule} onSave={setSchedule} onPause={pauseSchedule} /> : null}
      {schedule ? <UnattendedBackups schedule={schedule} /> : null}
      <div className="toolbar" data-testid="retention">
        <span className="muted">
          {keepSnapshots
            ? `Keeps the newest ${keepSnapshots} complete snapshot(s)${calendarRules.map(([rule, n]) => `, the newest of each of the last ${n} ${rule} (UTC)`).join('')} renewed (Settings → retention); the others are forgotten and expire on Walrus.`
            : ''}
        </span>
        {confirmingRetention ? (
          <span className="confirm" role="alertdialog" aria-label="Confirm forgetting old snapshots">
            Forget the snapshots these rules no longer keep? They stop being renewed and expire on Walrus.
            <button
              className="danger"
              autoFocus
              onClick={() =>
                runAction(
                  applyRetention()
                    .then((n) => pushToast({ kind: 'info', title: 'Retention applied', message: `${n} snapshot(s) forgotten.` }))
                    .finally(() => setConfirmingRetention(false)),
                )
              }
            >
              Forget snapshots
            </button>
            <button onClick={() => setConfirmingRetention(false)}>Cancel</button>
          </span>
        ) : (
          <button onClick={() => setConfirmingRetention(true)}>Forget old snapshots now</button>
        )}
        <button disabled={jobs.renew !== undefined} onClick={() => runAction(renew())}>
          Renew now
        </button>
      </div>
      {snapshots.length === 0 ? (
        <EmptyState title="No backups yet">
          <p>Back up now to store an encrypted snapshot of your library on Walrus.</p>
        </EmptyState>
      ) : (
        <table className="documents" data-testid="snapshots">
          <thead>
            <tr>
              <th>Time</th>
              <th>State</th>
              <th>Documents</th>
              <th>Uploaded</th>
              <th>Referenced</th>
              <th title={COST_NOTE}>Cost</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {snapshots.map((s) => (
              <tr key={s.id} className={s.forgottenAt ? 'muted' : undefined} data-forgotten={s.forgottenAt ? 'true' : undefined}>
                <td title={s.id}>{formatDate(s.createdAt)}</td>
                <td className={s.forgottenAt ? undefined : `state-${s.state}`} title={s.error ?? undefined}>
                  {s.state}
                  {s.expired ? ' · expired' : s.forgottenAt ? ' · forgotten' : s.atRisk ? ' · renewal failed' : s.pinned ? ' · kept' : ''}
                </td>
                <td>{s.documents}</td>
                <td>
                  {s.uploadedItems} · {formatBytes(s.uploadedBytes)}
                </td>
                <td>
                  {s.referencedItems} · {formatBytes(s.referencedBytes)}
                </td>
                <td className="nowrap" title={`${s.cost.toLocaleString()} FROST`}>{formatWal(s.cost)}</td>
                <td>{s.endEpoch !== null ? `epoch ${s.endEpoch}${s.expiresAt ? ` (~${new Date(s.expiresAt).toLocaleDateString()})` : ''}` : '—'}</td>
                <td>
                  <button disabled={s.state !== 'complete' || s.expired || jobs.verify !== undefined} onClick={() => runAction(verify(s.id))}>
                    Verify
                  </button>{' '}
                  <button disabled={s.state !== 'complete' || s.expired} onClick={() => setBrowsing(s.id)}>
                    Files
                  </button>{' '}
                  <SnapshotRetention snapshot={s} newest={s.id === newestComplete} onForget={forget} onKeep={keep} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {browsed ? (
        <SnapshotFiles
          key={browsed.id}
          snapshot={browsed}
          previous={snapshots.slice(snapshots.indexOf(browsed) + 1).find((s) => s.state === 'complete' && !s.expired)}
          onClose={() => setBrowsing(null)}
        />
      ) : null}
      {snapshots.length > 0 ? <p className="muted">{COST_NOTE}</p> : null}
      <RunLog runs={runs} total={runsTotal} onMore={() => runAction(moreRuns())} />
    </Page>
  );
}

const COST_NOTE =
  'Costs are what Walrus charges to store the encrypted data, in WAL. The publisher pays them: nothing through a testnet publisher; on mainnet, the operator of your authenticated publisher.';

type BackupJobResult = NonNullable<BackupJobResults[keyof BackupJobResults]>;

const JOB_LABELS: Record<BackupJobResult['kind'], string> = { backup: 'Backup', verify: 'Verify', restore: 'Restore', restoreFiles: 'Restore files', renew: 'Renewal' };

function JobReport({ result, onDismiss }: { result: BackupJobResult | undefined; onDismiss(): void }) {
  if (!result) return null;
  const text = reportText(result);
  return (
    <div className={`panel${result.state === 'failed' ? ' panel-error' : ''}`} role="status" data-testid={`${result.kind}-report`}>
      <div className="panel-row">
        <strong>{JOB_LABELS[result.kind]} {result.state}</strong>
        <span className="muted report-text">{text}</span>
        <button className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      </div>
    </div>
  );
}

/** "0 renewed" says why and until when: renewal next acts at this epoch, on these objects, at this cost. */
function nextRenewal(r: RenewalResult): string {
  if (r.renewed > 0 || !r.next) return '';
  return ` · nothing within ${r.next.renewWithinEpochs} epoch(s) of its end: renewal next acts at epoch ${r.next.epoch} (~${formatDate(r.next.at)}) on ${r.next.objects} object(s), ~${formatWal(r.next.cost)}`;
}

function reportText(result: BackupJobResult): string {
  const expiring = (n: number) => (n ? ` · ${n} kept snapshot(s) will expire: renewal failed` : '');
  if (!result.outcome) return result.message ?? result.state;
  switch (result.kind) {
    case 'backup': {
      const b = result.outcome.backup;
      const text = b.unchanged
        ? `Nothing changed since snapshot ${b.snapshotId.slice(0, 10)}…: no new snapshot, nothing stored`
        : `${b.state === 'pending' ? 'Saved locally; uploads when Walrus is back' : 'Snapshot stored'} · ${b.uploadedItems} uploaded (${formatBytes(b.uploadedBytes)}), ${b.referencedItems} already stored · cost ${formatWal(b.cost)}`;
      return text + expiring(result.outcome.expiring.length);
    }
    case 'renew': {
      const r = result.outcome;
      return `${r.renewed} stored object(s) renewed (${formatBytes(r.bytes)})${r.repacked ? ` · ${r.movedItems} item(s) moved to new quilts, ${r.manifests} manifest(s) rewritten` : ''} · cost ${formatWal(r.cost)}${r.failures.length ? ` · ${r.failures.length} failed: ${r.failures[0]?.message}` : ''}${r.expired ? ` · ${r.expired} had already expired` : ''}${nextRenewal(r)}${expiring(r.expiring.length)}`;
    }
    case 'verify': {
      const v = result.outcome;
      return v.failures.length ? (v.summary ?? `${v.failures.length} of ${v.checked} item(s) failed: ${v.failures[0]?.message}`) : `${v.checked} of ${v.total} item(s) read back and intact`;
    }
    case 'restore':
    case 'restoreFiles':
      return result.message ?? result.state; // their own panels report them
  }
}

/** Kept snapshots renewal could not keep alive, with when they expire: they need a renewal that succeeds. */
function ExpiringBanner({ snapshots, renewing, onRenew }: { snapshots: SnapshotSummary[]; renewing: boolean; onRenew(): void }) {
  if (!snapshots.length) return null;
  return (
    <div className="panel panel-error" role="alert" data-testid="expiring">
      <div className="panel-row">
        <strong>Renewal failed</strong>
        <span>
          {snapshots.length} kept snapshot(s) will expire on Walrus unless renewal succeeds:{' '}
          {snapshots.map((s) => `${formatDate(s.createdAt)} (${s.expired ? 'expired' : `expires ~${s.expiresAt ? formatDate(s.expiresAt) : '?'}, epoch ${s.endEpoch}`})`).join('; ')}. The
          run log below says why; it is retried automatically.
        </span>
        <button disabled={renewing} onClick={onRenew}>
          Retry renewal
        </button>
      </div>
    </div>
  );
}
