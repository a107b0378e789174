// Progress of the running ingest (with Cancel) and the per-file report of the last one.
import { useJobsStore } from '../../stores/jobs.ts';
import { useLibraryStore } from '../../stores/library.ts';
import { ProgressBar } from '../ProgressBar.tsx';
import { runAction } from '../../api/run-action.ts';
import { useShownPath } from '../shown-path.ts';

export function IngestPanel() {
  const jobId = useLibraryStore((s) => s.ingestJobId);
  const progress = useJobsStore((s) => (jobId ? s.running[jobId] : undefined));
  const report = useLibraryStore((s) => s.lastIngest);
  const message = useLibraryStore((s) => s.lastIngestMessage);
  const note = useLibraryStore((s) => s.lastIngestNote);
  const upload = useLibraryStore((s) => s.upload);
  const cancel = useLibraryStore((s) => s.cancelIngest);
  const dismiss = useLibraryStore((s) => s.dismissIngestReport);
  const shown = useShownPath();

  if (jobId || upload) {
    // A selection sent in batches is one bar: the files of finished batches plus the running batch's.
    // `done` counts the files saved (a cancel keeps them); `read` those read ahead, waiting for their batch's commit.
    const fromBatch = (n: number | undefined) => (upload ? upload.done + (progress?.unit === 'files' ? (n ?? 0) : 0) : (n ?? 0));
    const done = fromBatch(progress?.done);
    const read = progress?.read === undefined ? null : fromBatch(progress.read);
    const total = upload ? upload.total : (progress?.total ?? null);
    const unit = upload ? 'files' : progress?.unit;
    return (
      <div className="panel ingest-panel" data-testid="ingest-progress">
        <div className="panel-row">
          <strong>Adding documents…</strong>
          <span className="muted">
            {upload || progress ? `${done.toLocaleString()}${total !== null ? ` of ${total.toLocaleString()}` : ''} ${unit}${read !== null ? ' saved' : ''}` : 'starting'}
            {read !== null && read > done ? ` · ${read.toLocaleString()} read` : ''}
            {progress?.current ? ` · ${shown(progress.current)}` : ''}
          </span>
          <button onClick={() => runAction(cancel())}>Cancel</button>
        </div>
        <ProgressBar label="Ingest progress" done={done} total={total} />
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
      {note ? <p className="muted">{note}</p> : null}
      {failed.length ? (
        <ul className="failures">
          {failed.map((f) => (
            <li key={f.path}>
              <code>{shown(f.path)}</code> — {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
