import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { DocumentPanel } from '../components/library/DocumentPanel.tsx';
import { IngestPanel } from '../components/library/IngestPanel.tsx';
import { WatchedFolders } from '../components/library/WatchedFolders.tsx';
import { formatBytes, formatDate } from '../components/format.ts';
import { EmptyState, Page } from '../components/Page.tsx';
import { useShownPath } from '../components/shown-path.ts';
import { useLibraryStore } from '../stores/library.ts';
import { chosenFromDrop, chosenFromInput } from '../stores/chosen-files.ts';
import type { ChosenFile } from '../stores/upload-plan.ts';
import { useAppStore } from '../stores/app.ts';
import { useUiStore } from '../stores/ui.ts';
import { runAction } from '../api/run-action.ts';

export function LibraryPage() {
  const { documents, total, stats, text, ingestJobId, upload } = useLibraryStore();
  const busy = ingestJobId !== null || upload !== null;
  const { refresh, setText, ingestFiles, pickAndIngest, remove, removeMissing } = useLibraryStore.getState();
  const desktop = useAppStore((s) => s.info?.mode === 'desktop');
  const shown = useShownPath();
  const pushToast = useUiStore((s) => s.pushToast);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [confirmingMissing, setConfirmingMissing] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const closePanel = useCallback(() => setOpen(null), []);

  useEffect(() => {
    runAction(refresh());
  }, [refresh]);

  const add = (files: ChosenFile[]) => {
    if (!files.length) return;
    if (busy) pushToast({ kind: 'info', title: 'Documents are being added', message: 'Drop these again when the current ingest has finished.' });
    else runAction(ingestFiles(files));
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void chosenFromDrop(event.dataTransfer)
      .then(add)
      .catch((error: unknown) => pushToast({ kind: 'error', title: 'Could not read the dropped folder', message: String((error as Error).message ?? error) }));
  };
  const onChosen = (input: HTMLInputElement) => {
    add(chosenFromInput(input.files ?? []));
    input.value = '';
  };
  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const confirmRemove = async () => {
    setConfirming(false);
    const removed = await remove([...selected]).catch(() => null);
    if (removed !== null) pushToast({ kind: 'info', title: 'Removed from the library', message: `${removed} document(s). The files on disk are untouched.` });
    setSelected(new Set());
  };

  return (
    <div
      className={`drop-target${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      <Page
        title="Library"
        subtitle={stats ? `${stats.documents.toLocaleString()} documents · ${stats.chunks.toLocaleString()} chunks · ${formatBytes(stats.bytes)}` : 'Your documents and notes, indexed on this device.'}
        actions={
          <>
            {/* Asks first: a folder on an unplugged drive or an unmounted share counts as missing too. */}
            {confirmingMissing ? (
              <span className="confirm" role="alertdialog" aria-label="Confirm removing missing files">
                Remove every document whose file is gone (an unplugged drive too)?
                <button
                  className="danger"
                  autoFocus
                  onClick={() =>
                    runAction(
                      removeMissing()
                        .then((r) => pushToast({ kind: 'info', title: 'Library tidied', message: `${r.length} missing file(s) removed.` }))
                        .finally(() => setConfirmingMissing(false)),
                    )
                  }
                >
                  Remove missing
                </button>
                <button onClick={() => setConfirmingMissing(false)}>Keep</button>
              </span>
            ) : (
              <button onClick={() => setConfirmingMissing(true)}>Remove missing</button>
            )}
            <button disabled={busy} onClick={() => (desktop ? runAction(pickAndIngest('folder')) : folderInput.current?.click())}>
              Add folder…
            </button>
            <button
              className="primary"
              disabled={busy}
              onClick={() => (desktop ? runAction(pickAndIngest('files')) : fileInput.current?.click())}
            >
              Add files…
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              accept=".txt,.md,.markdown,.html,.htm,.pdf,text/*,application/pdf"
              data-testid="file-input"
              onChange={(e) => onChosen(e.target)}
            />
            {/* A picked folder keeps its tree: each file carries its path inside it (webkitRelativePath). */}
            <input ref={folderInput} type="file" hidden data-testid="folder-input" {...{ webkitdirectory: '' }} onChange={(e) => onChosen(e.target)} />
          </>
        }
      >
        <p className="muted index-status" role="status">
          {stats?.vectorsLoading ? 'Loading the search index… searches match by keywords until it is in.' : ''}
        </p>
        <IngestPanel />
        <WatchedFolders />
        <div className="toolbar">
          <input type="search" placeholder="Filter by title or path" aria-label="Filter documents" value={text} onChange={(e) => setText(e.target.value)} />
          {selected.size ? (
            confirming ? (
              <span className="confirm" role="alertdialog" aria-label="Confirm removal">
                Remove {selected.size} document(s) from the library?
                <button className="danger" onClick={() => void confirmRemove()} autoFocus>
                  Remove
                </button>
                <button onClick={() => setConfirming(false)}>Keep</button>
              </span>
            ) : (
              <button className="danger" onClick={() => setConfirming(true)}>
                Remove {selected.size} selected
              </button>
            )
          ) : null}
        </div>
        {documents.length === 0 ? (
          <EmptyState title={text ? 'No document matches' : 'Your library is empty'}>
            <p>Drop files or folders here, or use Add files… or Add folder… — text, Markdown, HTML and PDF.</p>
          </EmptyState>
        ) : (
          <table className="documents" data-testid="documents">
            <thead>
              <tr>
                <th aria-label="Select" />
                <th>Title</th>
                <th>Type</th>
                <th>Size</th>
                <th>Chunks</th>
                <th>Modified</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((d) => (
                <tr key={d.id} className={open === d.id ? 'open' : undefined}>
                  <td>
                    <input type="checkbox" aria-label={`Select ${d.title}`} checked={selected.has(d.id)} onChange={() => toggle(d.id)} />
                  </td>
                  <td>
                    <button className="link" onClick={() => setOpen(d.id)} title={shown(d.path)}>
                      {d.title}
                    </button>
                  </td>
                  <td>{d.type}</td>
                  <td className="nowrap">{formatBytes(d.size)}</td>
                  <td className="nowrap">{d.chunkCount}</td>
                  <td className="nowrap">{formatDate(d.modifiedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {total > documents.length ? <p className="muted">Showing {documents.length} of {total.toLocaleString()}; filter to narrow down.</p> : null}
      </Page>
      {open !== null ? <DocumentPanel documentId={open} onClose={closePanel} /> : null}
    </div>
  );
}
