export function ProgressBar({ done, total, label }: { done: number; total: number | null; label: string }) {
  const percent = total ? Math.min(100, Math.round((100 * done) / total)) : null;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined}>
      <div className={`progress-fill${percent === null ? ' indeterminate' : ''}`} style={{ width: percent === null ? undefined : `${percent}%` }} />
    </div>
  );
}
