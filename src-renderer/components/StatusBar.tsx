import { useAppStore } from '../stores/app.ts';
import { useJobsStore } from '../stores/jobs.ts';
import { runAction } from '../api/run-action.ts';

const LABEL = { unknown: 'checking…', reachable: 'reachable', degraded: 'degraded', unreachable: 'unreachable' } as const;

export function StatusBar() {
  const walrus = useAppStore((s) => s.walrus);
  const info = useAppStore((s) => s.info);
  const checking = useAppStore((s) => s.checking);
  const checkWalrus = useAppStore((s) => s.checkWalrus);
  const jobs = Object.values(useJobsStore((s) => s.running));
  const state = walrus?.state ?? 'unknown';
  return (
    <footer className="status-bar" role="contentinfo">
      <button
        className={`walrus-status walrus-${state}`}
        data-testid="walrus-status"
        title={walrus?.message ?? `Publisher ${walrus?.publisherUrl ?? ''}`}
        onClick={() => runAction(checkWalrus())}
        disabled={checking}
      >
        <span className="dot" aria-hidden="true" /> Walrus {checking ? 'checking…' : LABEL[state]}
        {walrus?.latencyMs != null && state !== 'unreachable' ? ` · ${walrus.latencyMs} ms` : ''}
      </button>
      <span className="status-jobs" aria-live="polite">
        {jobs.map((j) => (
          <span key={j.jobId}>
            {j.kind} {j.total ? `${Math.round((100 * j.done) / j.total)}%` : `${j.done} ${j.unit}`}
          </span>
        ))}
      </span>
      <span className="status-version">{info ? `PDW ${info.version} · ${info.mode}` : ''}</span>
    </footer>
  );
}
