// The progress bar of one running job, with Cancel, and what the job does while its count stands still.
import { JOB_PHASE_TEXT } from '../../../src-shared/contract/index.ts';
import { useJobsStore } from '../../stores/jobs.ts';
import { ProgressBar } from '../ProgressBar.tsx';
import { runAction } from '../../api/run-action.ts';

export function JobProgress({ jobId, label }: { jobId: string; label: string }) {
  const progress = useJobsStore((s) => s.running[jobId]);
  const cancel = useJobsStore((s) => s.cancel);
  return (
    <div className="panel" data-testid="job-progress">
      <div className="panel-row">
        <strong>{label}…</strong>
        <span className="muted">
          {progress ? `${progress.done.toLocaleString()}${progress.total !== null ? ` of ${progress.total.toLocaleString()}` : ''} ${progress.unit}` : 'starting'}
          {progress?.current ? ` · ${progress.current}` : ''}
          {progress?.phase ? ` · ${JOB_PHASE_TEXT[progress.phase]}` : ''}
        </span>
        <button onClick={() => runAction(cancel(jobId))}>Cancel</button>
      </div>
      <ProgressBar label={`${label} progress`} done={progress?.done ?? 0} total={progress?.total ?? null} />
    </div>
  );
}
