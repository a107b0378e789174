// A snapshot's files as a tree: browse them, check files or folders and restore them into their original
// places or (desktop) a folder chosen in the system dialog, with a choice for files already there; compare
// with the snapshot before. Escape closes it.
import { useEffect, useMemo, useState } from 'react';
import type { ConflictChoice, SnapshotFileEntry } from '../../../src-shared/contract/snapshot-files.ts';
import type { SnapshotSummary } from '../../../src-shared/contract/backup.ts';
import { api } from '../../api/client.ts';
import { useAppStore } from '../../stores/app.ts';
import { useBackupsStore } from '../../stores/backups.ts';
import { buildFileTree, restorePaths, type TreeNode } from '../../stores/file-tree.ts';
import { formatBytes, formatDate } from '../format.ts';
import { JobProgress } from './JobProgress.tsx';
import { runAction } from '../../api/run-action.ts';

interface Props {
  snapshot: SnapshotSummary;
  /** The complete snapshot before it, to compare with. */
  previous: SnapshotSummary | undefined;
  onClose(): void;
}

type Comparison = { added: SnapshotFileEntry[]; removed: SnapshotFileEntry[]; changed: SnapshotFileEntry[]; unchanged: number };

export function SnapshotFiles({ snapshot, previous, onClose }: Props) {
  const [files, setFiles] = useState<SnapshotFileEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [conflict, setConflict] = useState<ConflictChoice>('keep-both');
  const [confirmReplace, setConfirmReplace] = useState(false);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const desktop = useAppStore((s) => s.info?.mode === 'desktop');
  const job = useBackupsStore((s) => s.jobs.restoreFiles);
  const result = useBackupsStore((s) => s.results.restoreFiles?.outcome);
  const tree = useMemo(() => (files ? buildFileTree(files) : null), [files]);

  useEffect(() => {
    let live = true;
    api.call('snapshot.files', { id: snapshot.id, limit: 100_000 }).then(
      (r) => live && (setFiles(r.files), setOpen(new Set(r.files.length ? [buildFileTree(r.files)?.path ?? ''] : []))),
      (e: unknown) => live && setError((e as Error).message),
    );
    return () => void (live = false);
  }, [snapshot.id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const paths = tree ? restorePaths(checked, tree) : [];
  const restore = async (destination: 'original' | 'pick') => {
    setConfirmReplace(false);
    await useBackupsStore.getState().restoreFiles({
      snapshotId: snapshot.id,
      paths,
      destination: { kind: destination },
      conflict,
      confirm: conflict === 'replace',
    });
  };
  const toggle = (set: Set<string>, path: string) => {
    const next = new Set(set);
    if (next.has(path)) next.delete(path);
    else next.add(path);
    return next;
  };

  const renderNode = (node: TreeNode, inChecked: boolean, depth: number): React.ReactNode => {
    const isChecked = inChecked || checked.has(node.path);
    const expanded = open.has(node.path);
    return (
      <li key={node.path} style={{ paddingLeft: depth ? 18 : 0 }}>
        <span className="tree-row">
          {node.children ? (
            <button className="icon-button" aria-expanded={expanded} aria-label={`${expanded ? 'Collapse' : 'Expand'} ${node.name}`} onClick={() => setOpen(toggle(open, node.path))}>
              {expanded ? '▾' : '▸'}
            </button>
          ) : (
            <span className="tree-leaf" />
          )}
          <label>
            <input type="checkbox" checked={isChecked} disabled={inChecked} onChange={() => setChecked(toggle(checked, node.path))} />{' '}
            {node.name}
          </label>
          <span className="muted">
            {node.children ? `${node.files.toLocaleString()} file(s) · ` : ''}
            {formatBytes(node.size)}
            {node.entry ? ` · ${formatDate(node.entry.modifiedAt)}${node.entry.hash === null ? ' · text only' : ''}` : ''}
          </span>
        </span>
        {node.children && expanded ? <ul className="tree">{node.children.map((c) => renderNode(c, isChecked, depth + 1))}</ul> : null}
      </li>
    );
  };

  return (
    <section className="panel snapshot-files" aria-label="Snapshot files" data-testid="snapshot-files">
      <div className="panel-row">
        <strong>Files of the snapshot of {formatDate(snapshot.createdAt)}</strong>
        <span className="muted">{files ? `${files.length.toLocaleString()} file(s)` : error ? '' : 'reading its manifest from Walrus…'}</span>
        {previous ? (
          <button
            onClick={() =>
              runAction(api.call('snapshot.compare', { from: previous.id, to: snapshot.id }).then(setComparison))
            }
          >
            Compare with the snapshot before
          </button>
        ) : null}
        <button className="icon-button" aria-label="Close files" onClick={onClose}>
          ×
        </button>
      </div>
      {error ? <p className="report-text error-text">{error}</p> : null}
      {comparison ? <ComparisonList comparison={comparison} /> : null}
      {tree ? <ul className="tree">{renderNode(tree, false, 0)}</ul> : null}
      {tree ? (
        <div className="panel-row restore-files">
          <label>
            If a different file is there{' '}
            <select aria-label="If a different file is there" value={conflict} onChange={(e) => setConflict(e.target.value as ConflictChoice)}>
              <option value="keep-both">keep both (restored copy renamed)</option>
              <option value="skip">skip it</option>
              <option value="replace">replace it</option>
            </select>
          </label>
          {confirmReplace ? (
            <span className="confirm" role="alertdialog" aria-label="Confirm replacing files">
              Replace files that differ at their original places?
              <button className="danger" autoFocus onClick={() => runAction(restore('original'))}>
                Replace
              </button>
              <button onClick={() => setConfirmReplace(false)}>Cancel</button>
            </span>
          ) : (
            <button disabled={!paths.length || job !== undefined} onClick={() => (conflict === 'replace' ? setConfirmReplace(true) : runAction(restore('original')))}>
              Restore {paths.length ? `${paths.length} selected ` : ''}to original places
            </button>
          )}
          {desktop ? (
            <button disabled={!paths.length || job !== undefined} onClick={() => runAction(restore('pick'))}>
              Restore selected to a folder…
            </button>
          ) : null}
        </div>
      ) : null}
      {job ? <JobProgress jobId={job} label="Restoring files" /> : null}
      {result ? (
        <p className="report-text" role="status" data-testid="files-report">
          Restored {result.restored} file(s) ({formatBytes(result.bytes)}) {result.target ? `into ${result.target}` : 'to their original places'}
          {result.identical ? ` · ${result.identical} already there` : ''}
          {result.renamed ? ` · ${result.renamed} kept beside a different file as "(restored)"` : ''}
          {result.skipped ? ` · ${result.skipped} skipped` : ''}
          {result.failed.length ? ` · ${result.failed.length} failed: ${result.failed[0]?.path} — ${result.failed[0]?.reason}` : ''}
        </p>
      ) : null}
    </section>
  );
}

function ComparisonList({ comparison: c }: { comparison: Comparison }) {
  return (
    <div data-testid="snapshot-comparison">
      <p className="muted">
        Since the snapshot before: {c.added.length} added, {c.removed.length} removed, {c.changed.length} changed, {c.unchanged} unchanged.
      </p>
      <ul className="comparison">
        {c.added.map((f) => <li key={`+${f.path}`}>+ {f.path}</li>)}
        {c.removed.map((f) => <li key={`-${f.path}`}>− {f.path}</li>)}
        {c.changed.map((f) => <li key={`~${f.path}`}>~ {f.path}</li>)}
      </ul>
    </div>
  );
}
