// The run log under the snapshot list: every backup, flush, renewal, retention pass and verify, newest
// first; failed ones stand out and a long message unfolds.
import type { RunEntry } from '../../../src-shared/contract/backup.ts';
import { formatBytes, formatDate, formatWal } from '../format.ts';

const KIND_LABELS: Record<RunEntry['kind'], string> = { backup: 'Backup', flush: 'Upload from outbox', renewal: 'Renewal', retention: 'Retention', verify: 'Verify' };
const OUTCOME_LABELS: Record<RunEntry['outcome'], string> = {
  running: 'running',
  ok: 'ok',
  'skipped-no-changes': 'skipped (no changes)',
  pending: 'pending',
  failed: 'failed',
  cancelled: 'cancelled',
};
const OUTCOME_CLASS: Partial<Record<RunEntry['outcome'], string>> = { ok: 'state-complete', pending: 'state-pending', failed: 'state-failed' };

function counts(r: RunEntry): string {
  switch (r.kind) {
    case 'backup':
    case 'flush':
      return `${r.uploadedItems} uploaded (${formatBytes(r.bytes)})${r.kind === 'backup' ? `, ${r.referencedItems} already stored` : ''}`;
    case 'renewal':
      return `${r.uploadedItems} object(s) stored again (${formatBytes(r.bytes)})`;
    case 'retention':
      return `${r.uploadedItems} snapshot(s) forgotten`;
    case 'verify':
      return `${r.referencedItems} item(s) read back`;
  }
}

function duration(r: RunEntry): string {
  if (!r.endedAt) return '';
  const seconds = (Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000;
  return seconds < 1 ? '<1 s' : seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

export function RunLog({ runs, total, onMore }: { runs: RunEntry[]; total: number; onMore(): void }) {
  return (
    <section aria-label="Runs">
      <h2>Runs</h2>
      {runs.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <table className="documents" data-testid="runs">
          <thead>
            <tr>
              <th>Started</th>
              <th>Kind</th>
              <th>Outcome</th>
              <th>Counts</th>
              <th>Cost</th>
              <th>Took</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-outcome={r.outcome} className={r.outcome === 'failed' ? 'panel-error' : undefined}>
                <td>{formatDate(r.startedAt)}</td>
                <td>{KIND_LABELS[r.kind]}</td>
                <td className={OUTCOME_CLASS[r.outcome]}>{r.outcome === 'failed' ? <strong>{OUTCOME_LABELS[r.outcome]}</strong> : OUTCOME_LABELS[r.outcome]}</td>
                <td>{counts(r)}</td>
                <td className="nowrap" title={`${r.cost.toLocaleString()} FROST`}>{formatWal(r.cost)}</td>
                <td>{duration(r)}</td>
                <td>
                  {r.message ? (
                    <details>
                      <summary>{r.message.length > 60 ? `${r.message.slice(0, 57)}…` : r.message}</summary>
                      <span title={r.snapshotId ?? undefined}>{r.message}</span>
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs.length < total ? <button onClick={onMore}>Show older runs</button> : null}
    </section>
  );
}
