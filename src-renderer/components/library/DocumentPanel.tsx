// A document's details and its chunks, as the index sees them.
import { useEffect, useRef, useState } from 'react';
import type { LibraryChunk, LibraryDocument } from '../../../src-shared/contract/library.ts';
import { api } from '../../api/client.ts';
import { formatBytes, formatDate } from '../format.ts';
import { useOpenFile } from './open-file.ts';
import { useShownPath } from '../shown-path.ts';

export function DocumentPanel({ documentId, focusChunkId, onClose }: { documentId: number; focusChunkId?: number; onClose(): void }) {
  const [doc, setDoc] = useState<{ document: LibraryDocument; chunks: LibraryChunk[] } | null>(null);
  const openFile = useOpenFile();
  const shown = useShownPath();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    let live = true;
    setDoc(null);
    api.call('library.document', { id: documentId }).then((d) => live && setDoc(d), () => live && onClose());
    return () => {
      live = false;
    };
  }, [documentId, onClose]);
  useEffect(() => {
    // Scroll only the panel, and only as far as puts the passage just under the (sticky) title: scrollIntoView
    // would also scroll the page behind and centre the passage, leaving the title out of view.
    const chunk = focusChunkId === undefined ? null : document.getElementById(`chunk-${focusChunkId}`);
    const header = panel.current?.querySelector('header');
    if (doc && chunk && panel.current) panel.current.scrollTop = Math.max(0, chunk.offsetTop - (header?.offsetHeight ?? 0) - 24);
  }, [doc, focusChunkId]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className="document-panel" aria-label="Document" data-testid="document-panel" ref={panel}>
      <header className="panel-row">
        <h2>{doc?.document.title ?? 'Loading…'}</h2>
        {openFile ? (
          <button onClick={() => openFile.run(documentId)} title={`${openFile.verb} the original file`} disabled={!doc}>
            {openFile.verb} file
          </button>
        ) : null}
        <button className="icon-button" aria-label="Close document" onClick={onClose}>
          ×
        </button>
      </header>
      {doc ? (
        <>
          <p className="muted">
            <code>{shown(doc.document.path)}</code>
            <br />
            {doc.document.type} · {formatBytes(doc.document.size)} · {doc.chunks.length} chunks · modified {formatDate(doc.document.modifiedAt)}
          </p>
          <ol className="chunks">
            {doc.chunks.map((c) => (
              <li key={c.id} id={`chunk-${c.id}`} className={c.id === focusChunkId ? 'focused' : undefined}>
                <span className="muted">
                  #{c.seq + 1} · chars {c.start}–{c.end}
                </span>
                <p>{c.text}</p>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </aside>
  );
}
