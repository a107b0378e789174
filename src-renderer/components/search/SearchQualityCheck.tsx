// Settings' embedding model and its "Check search quality": the read-only search.quality job with progress
// and Cancel, then how well keywords, meaning and both find the library's own documents, and what that means.
import { useEffect, useState } from 'react';
import type { LibraryStats, SearchQualityOutcome } from '../../../src-shared/contract/index.ts';
import { describeSearchQuality, QUALITY_MODES } from '../../../src-shared/search-quality.ts';
import { api } from '../../api/client.ts';
import { followJob, useJobsStore } from '../../stores/jobs.ts';
import { ProgressBar } from '../ProgressBar.tsx';
import { runAction } from '../../api/run-action.ts';

type Check = { state: 'idle' } | { state: 'running'; jobId: string } | { state: 'done'; outcome: SearchQualityOutcome } | { state: 'stopped'; message: string };

export function SearchQualityCheck() {
  const [embedder, setEmbedder] = useState<LibraryStats['embedder'] | null>(null);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const progress = useJobsStore((s) => (check.state === 'running' ? s.running[check.jobId] : undefined));
  const cancel = useJobsStore((s) => s.cancel);

  useEffect(() => {
    void api.call('library.stats', {}).then((stats) => setEmbedder(stats.embedder), () => undefined);
  }, []);

  const start = async () => {
    try {
      const { jobId } = await api.call('search.quality', {});
      setCheck({ state: 'running', jobId });
      const result = await followJob(jobId, 'searchQuality');
      setCheck(result.outcome ? { state: 'done', outcome: result.outcome } : { state: 'stopped', message: result.state === 'cancelled' ? 'Check cancelled.' : (result.message ?? 'The check failed.') });
    } catch (error) {
      // a refused start already shows a toast; a lost outcome is said here
      setCheck({ state: 'stopped', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <section className="settings-form search-quality" aria-label="Search quality">
      <label>
        <span>Embedding model</span>
        <output name="embeddingModel">{embedder ? `${embedder.id} (${embedder.dimension} dimensions)` : '…'}</output>
        <small>
          How much it helps search, measured on your own documents: known-item queries made from sampled documents, searched with keywords only, meaning only
          and both. Read-only.
        </small>
      </label>
      {check.state === 'running' ? (
        <div className="panel" data-testid="search-quality-progress">
          <div className="panel-row">
            <strong>Checking search quality…</strong>
            <span className="muted">
              {progress ? `${progress.done.toLocaleString()}${progress.total !== null ? ` of ${progress.total.toLocaleString()}` : ''} queries` : 'starting'}
              {progress?.current ? ` · ${progress.current}` : ''}
            </span>
            <button type="button" onClick={() => runAction(cancel(check.jobId))}>
              Cancel
            </button>
          </div>
          <ProgressBar label="Search quality check progress" done={progress?.done ?? 0} total={progress?.total ?? null} />
        </div>
      ) : (
        <div className="form-actions">
          <button type="button" onClick={() => void start()}>
            Check search quality
          </button>
        </div>
      )}
      {check.state === 'stopped' ? (
        <p className="muted" role="status">
          {check.message}
        </p>
      ) : null}
      {check.state === 'done' ? <QualityTable outcome={check.outcome} /> : null}
    </section>
  );
}

function QualityTable({ outcome }: { outcome: SearchQualityOutcome }) {
  return (
    <div data-testid="search-quality-result" role="status">
      <table className="documents">
        <thead>
          <tr>
            <th>Search</th>
            <th>MRR</th>
            <th>Recall@10</th>
          </tr>
        </thead>
        <tbody>
          {QUALITY_MODES.map(({ mode, label }) => (
            <tr key={mode} data-mode={mode}>
              <td>{label}</td>
              <td>{outcome[mode].mrr.toFixed(3)}</td>
              <td>{outcome[mode].recallAt10.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {describeSearchQuality(outcome).map((line) => (
        <p key={line} className="muted">
          {line}
        </p>
      ))}
      {outcome.examples.length ? (
        <p className="muted">
          For example: {outcome.examples.map((e) => `“${e.query}” → ${e.title}`).join(' · ')}
        </p>
      ) : null}
    </div>
  );
}
