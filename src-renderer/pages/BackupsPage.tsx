import { useEffect } from 'react';
import type { BackupJobResult } from '../../src-shared/contract/backup.ts';
import { JobProgress } from '../components/backup/JobProgress.tsx';
import { formatBytes, formatDate } from '../components/format.ts';
import { EmptyState, Page } from '../components/Page.tsx';
import { useBackupsStore } from '../stores/backups.ts';

const INTERVALS = ['off', 'hourly', 'daily', 'weekly'] as const;

export function BackupsPage() {
  const { snapshots, outbox, schedule, jobs, results } = useBackupsStore();
  const { refresh, runBackup, verify, flushOutbox, setSchedule, clearResult } = useBackupsStore.getState();
  useEffect(() => {
    void refresh().catch(() => {});
  }, [refresh]);

  return (
    <Page
      title="Backups"
      subtitle="Encrypted, incremental snapshots of your library on Walrus."
      actions={
        <button className="primary" disabled={jobs.backup !== undefined} onClick={() => void runBackup().catch(() => {})}>
          Back up now
        </button>
      }
    >
      {jobs.backup ? <JobProgress jobId={jobs.backup} label="Backing up" /> : null}
      {jobs.verify ? <JobProgress jobId={jobs.verify} label="Verifying" /> : null}
      <JobReport result={results.backup} onDismiss={() => clearResult('backup')} />
      <JobReport result={results.verify} onDismiss={() => clearResult('verify')} />
      {outbox && outbox.items > 0 ? (
        <div className="panel" role="status" data-testid="outbox">
          <div className="panel-row">
            <strong>Waiting for Walrus</strong>
            <span className="muted">
              {outbox.items} item(s), {formatBytes(outbox.bytes)} of {outbox.snapshots} snapshot(s) are kept safely on this device and upload when Walrus is reachable.
            </span>
            <button onClick={() => void flushOutbox().catch(() => {})}>Upload now</button>
          </div>
        </div>
      ) : null}
      {schedule ? (
        <div className="toolbar">
          <label>
            Automatic backups{' '}
            <select aria-label="Backup schedule" value={schedule.interval === 'custom' ? 'custom' : schedule.interval} onChange={(e) => void setSchedule({ interval: e.target.value as (typeof INTERVALS)[number] }).catch(() => {})}>
              {INTERVALS.map((i) => (
                <option key={i} value={i}>
                  {i === 'off' ? 'Off' : i[0]!.toUpperCase() + i.slice(1)}
                </option>
              ))}
              {schedule.interval === 'custom' ? <option value="custom">Every {schedule.intervalMinutes} min</option> : null}
            </select>
          </label>
          <span className="muted">
            {schedule.nextRunAt ? `next ${formatDate(schedule.nextRunAt)}` : ''}
            {schedule.lastError ? ` · last run failed: ${schedule.lastError}` : ''}
          </span>
        </div>
      ) : null}
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
              <th>Cost (FROST)</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {snapshots.map((s) => (
              <tr key={s.id}>
                <td title={s.id}>{formatDate(s.createdAt)}</td>
                <td className={`state-${s.state}`} title={s.error ?? undefined}>
                  {s.state}
                </td>
                <td>{s.documents}</td>
                <td>
                  {s.uploadedItems} · {formatBytes(s.uploadedBytes)}
                </td>
                <td>
                  {s.referencedItems} · {formatBytes(s.referencedBytes)}
                </td>
                <td>{s.cost.toLocaleString()}</td>
                <td>{s.endEpoch !== null ? `epoch ${s.endEpoch}${s.expiresAt ? ` (~${new Date(s.expiresAt).toLocaleDateString()})` : ''}` : '—'}</td>
                <td>
                  <button disabled={s.state !== 'complete' || jobs.verify !== undefined} onClick={() => void verify(s.id).catch(() => {})}>
                    Verify
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

function JobReport({ result, onDismiss }: { result: BackupJobResult | undefined; onDismiss(): void }) {
  if (!result) return null;
  let text = result.message ?? result.state;
  if (result.backup) {
    const b = result.backup;
    text = `${b.state === 'pending' ? 'Saved locally; uploads when Walrus is back' : 'Snapshot stored'} · ${b.uploadedItems} uploaded (${formatBytes(b.uploadedBytes)}), ${b.referencedItems} already stored · cost ${b.cost.toLocaleString()} FROST`;
  } else if (result.verify) {
    const v = result.verify;
    text = v.failures.length ? `${v.failures.length} of ${v.checked} item(s) failed: ${v.failures[0]?.message}` : `${v.checked} of ${v.total} item(s) read back and intact`;
  }
  return (
    <div className={`panel${result.state === 'failed' ? ' panel-error' : ''}`} role="status" data-testid={`${result.kind}-report`}>
      <div className="panel-row">
        <strong>{result.kind === 'backup' ? 'Backup' : result.kind === 'verify' ? 'Verify' : 'Restore'} {result.state}</strong>
        <span className="muted">{text}</span>
        <button className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      </div>
    </div>
  );
}
