// Progress of the running ingest (with Cancel) and the per-file report of the last one.
import { useJobsStore } from '../../stores/jobs.ts';
import { useLibraryStore } from '../../stores/library.ts';
import { ProgressBar } from '../ProgressBar.tsx';

export function IngestPanel() {
  const jobId = useLibraryStore((s) => s.ingestJobId);
  const progress = useJobsStore((s) => (jobId ? s.running[jobId] : undefined));
  const report = useLibraryStore((s) => s.lastIngest);
  const message = useLibraryStore((s) => s.lastIngestMessage);
  const cancel = useLibraryStore((s) => s.cancelIngest);
  const dismiss = useLibraryStore((s) => s.dismissIngestReport);

  if (jobId) {
    return (
      <div className="panel ingest-panel" data-testid="ingest-progress">
        <div className="panel-row">
          <strong>Adding documents…</strong>
          <span className="muted">
            {progress ? `${progress.done.toLocaleString()}${progress.total !== null ? ` of ${progress.total.toLocaleString()}` : ''} ${progress.unit}` : 'starting'}
            {progress?.current ? ` · ${progress.current}` : ''}
          </span>
          <button onClick={() => void cancel().catch(() => {})}>Cancel</button>
        </div>
        <ProgressBar label="Ingest progress" done={progress?.done ?? 0} total={progress?.total ?? null} />
      </div>
    );
  }
  if (!report && !message) return null;
  const failed = report?.outcomes.filter((o) => o.status === 'failed') ?? [];
  return (
    <div className="panel ingest-report" data-testid="ingest-report" role="status">
      <div className="panel-row">
        <strong>{report?.cancelled ? 'Ingest cancelled' : report ? 'Ingest finished' : 'Ingest failed'}</strong>
        {report ? (
          <span className="muted">
            {report.counts.ingested} added · {report.counts.updated} updated · {report.counts.unchanged} unchanged · {report.counts.failed} failed
          </span>
        ) : (
          <span className="muted">{message}</span>
        )}
        <button className="icon-button" aria-label="Dismiss report" onClick={dismiss}>
          ×
        </button>
      </div>
      {failed.length ? (
        <ul className="failures">
          {failed.map((f) => (
            <li key={f.path}>
              <code>{f.path}</code> — {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
