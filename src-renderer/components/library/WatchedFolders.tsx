// The folders main keeps in sync with the library: their state, what the last pass changed, and the
// actions (watch another on the desktop, pause/resume, sync now, stop watching with a confirmation).
import { useEffect, useState } from 'react';
import type { WatchedFolder } from '../../../src-shared/contract/watch.ts';
import { useAppStore } from '../../stores/app.ts';
import { useLibraryStore } from '../../stores/library.ts';
import { useUiStore } from '../../stores/ui.ts';
import { useWatchStore } from '../../stores/watch.ts';
import { formatDate } from '../format.ts';
import { runAction } from '../../api/run-action.ts';

const STATE_LABEL: Record<WatchedFolder['state'], string> = {
  watching: 'in sync',
  polling: 'checked every minute',
  syncing: 'syncing…',
  missing: 'folder missing',
  paused: 'paused',
  idle: 'not followed by this process',
};

export function WatchedFolders() {
  const status = useWatchStore((s) => s.status);
  const desktop = useAppStore((s) => s.info?.mode === 'desktop');
  const pushToast = useUiStore((s) => s.pushToast);
  const [confirming, setConfirming] = useState<string | null>(null);
  const { refresh, pickAndAdd, remove, setPaused, sync } = useWatchStore.getState();

  useEffect(() => {
    runAction(refresh());
  }, [refresh]);

  const folders = status?.folders ?? [];
  if (!desktop && folders.length === 0) return null; // web mode: folders are added on the server (pdw watch add)
  const afterSync = () => runAction(useLibraryStore.getState().refresh());

  return (
    <section className="panel watched-folders" aria-label="Watched folders" data-testid="watched-folders">
      <div className="panel-row">
        <strong>Watched folders</strong>
        <span className="muted">
          {folders.length === 0 ? 'Add a folder to keep it in sync: new and changed files are added, deleted ones removed.' : status?.paused ? 'Paused: changes wait until you resume.' : 'Changes are added within seconds.'}
        </span>
        {folders.length ? (
          <>
            <button onClick={() => void sync().then(afterSync, () => {})}>Sync now</button>
            <button onClick={() => runAction(setPaused(!status?.paused))}>{status?.paused ? 'Resume' : 'Pause'}</button>
          </>
        ) : null}
        {desktop ? (
          <button
            onClick={() =>
              runAction(pickAndAdd().then((added) => added && pushToast({ kind: 'info', title: 'Folder watched', message: `${added} is being added to the library.` })))
            }
          >
            Watch a folder…
          </button>
        ) : null}
      </div>
      {folders.length ? (
        <ul className="watched-list">
          {folders.map((f) => (
            <li key={f.path}>
              <code title={f.path}>{f.path}</code>
              <span className={`watch-state watch-${f.state}`}>{STATE_LABEL[f.state]}</span>
              <span className="muted">
                {f.documents !== null ? `${f.documents.toLocaleString()} document(s)` : ''}
                {f.lastSyncAt ? ` · synced ${formatDate(f.lastSyncAt)}` : ''}
                {f.lastChange ? ` · +${f.lastChange.added} ~${f.lastChange.updated} −${f.lastChange.removed}${f.lastChange.failed ? ` · ${f.lastChange.failed} failed` : ''}` : ''}
              </span>
              {confirming === f.path ? (
                <span className="confirm" role="alertdialog" aria-label={`Stop watching ${f.path}`}>
                  Stop watching? Its documents stay in the library.
                  <button className="danger" autoFocus onClick={() => runAction(remove(f.path).finally(() => setConfirming(null)))}>
                    Stop watching
                  </button>
                  <button onClick={() => setConfirming(null)}>Keep</button>
                </span>
              ) : (
                <button aria-label={`Stop watching ${f.path}`} onClick={() => setConfirming(f.path)}>
                  Stop watching
                </button>
              )}
              {f.lastError ? <p className="report-text watch-error">{f.lastError}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {!desktop && folders.length ? <p className="muted">Add more on the server: pdw watch add DIR</p> : null}
    </section>
  );
}
