import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { DOC_TYPES, SEARCH_QUERY_MAX_CHARS } from '../../src-shared/contract/library.ts';
import { api } from '../api/client.ts';
import { runAction } from '../api/run-action.ts';
import { DocumentPanel } from '../components/library/DocumentPanel.tsx';
import { useOpenFile } from '../components/library/open-file.ts';
import { Page } from '../components/Page.tsx';
import { SearchResultItem } from '../components/search/SearchResultItem.tsx';
import { useShownPath } from '../components/shown-path.ts';
import { MODIFIED_WITHIN, SEARCH_SORTS, sortResults } from '../stores/search-filters.ts';
import { useSearchStore } from '../stores/search.ts';

interface FolderChoice {
  folder: string;
  documents: number;
}

/** A select over a fixed record of value → label. */
function ChoiceSelect<V extends string>(props: { label: string; choices: Record<V, string>; value: V; onChange(value: V): void }) {
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value as V)}>
      {(Object.entries(props.choices) as [V, string][]).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** The library's folders, read when the page opens (the choices of the folder filter). */
function useFolders(): FolderChoice[] {
  const [folders, setFolders] = useState<FolderChoice[]>([]);
  useEffect(() => {
    let live = true;
    api.call('library.folders', {}).then(
      (reply) => live && setFolders(reply.folders),
      () => undefined, // the failure toast says it; the filter offers "All folders" alone
    );
    return () => {
      live = false;
    };
  }, []);
  return folders;
}

export function SearchPage() {
  const { query, mode, types, folder, modifiedWithin, sort, results: ranked, tookMs, vectorsLoading, indexLoading, searching, tooLong, selected } = useSearchStore();
  const { setQuery, setMode, toggleType, setFolder, setModifiedWithin, setSort, select, checkIndex } = useSearchStore.getState();
  // Said before the first query: a library just opened or restored answers by keywords while its index loads.
  useEffect(() => runAction(checkIndex()), [checkIndex]);
  const results = useMemo(() => sortResults(ranked, sort), [ranked, sort]);
  const folders = useFolders();
  const shown = useShownPath();
  const [open, setOpen] = useState<{ documentId: number; chunkId?: number } | null>(null);
  const closePanel = useCallback(() => setOpen(null), []);

  const openFile = useOpenFile();

  const list = useRef<HTMLOListElement>(null);
  const moveSelection = (step: number) => {
    const next = Math.max(0, Math.min(selected + step, results.length - 1));
    select(next);
    // The arrows may go past the screen's edge: bring the selected hit along (the mouse selects only what it can see).
    list.current?.children[next]?.scrollIntoView({ block: 'nearest' });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const current = results[selected];
    if (event.key === 'ArrowDown') moveSelection(1);
    else if (event.key === 'ArrowUp') moveSelection(-1);
    else if (event.key === 'Enter' && current) {
      if (event.shiftKey || !openFile) setOpen({ documentId: current.documentId, chunkId: current.passages[0]?.chunkId });
      else openFile.run(current.documentId);
    } else if (event.key === 'Escape') {
      // With the passages open, Esc closes them (the panel listens) and keeps the query: no native clear either.
      if (!open) setQuery('');
    } else return;
    event.preventDefault();
  };

  return (
    <Page title="Search" subtitle="Find documents and their best passages by meaning and by keyword.">
      <div className="search-box">
        <input
          type="search"
          autoFocus
          placeholder="Ask your library…"
          aria-label="Search query"
          aria-controls="search-results"
          aria-describedby="search-keys"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <select aria-label="Search mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
          <option value="hybrid">Meaning + keywords</option>
          <option value="vector">Meaning only</option>
          <option value="keyword">Keywords only</option>
        </select>
      </div>
      <div className="search-filters">
        <div className="type-filters" role="group" aria-label="Document types">
          {DOC_TYPES.map((t) => (
            <label key={t}>
              <input type="checkbox" checked={types.includes(t)} onChange={() => toggleType(t)} /> {t}
            </label>
          ))}
        </div>
        <select aria-label="Folder" value={folder} onChange={(e) => setFolder(e.target.value)}>
          <option value="">All folders</option>
          {folders.map((f) => (
            <option key={f.folder} value={f.folder} title={shown(f.folder)}>
              {shown(f.folder)} ({f.documents})
            </option>
          ))}
        </select>
        <ChoiceSelect label="Modified" choices={MODIFIED_WITHIN} value={modifiedWithin} onChange={setModifiedWithin} />
        <ChoiceSelect label="Sort" choices={SEARCH_SORTS} value={sort} onChange={setSort} />
      </div>
      <p className="muted key-hints" id="search-keys">
        <kbd>↑</kbd> <kbd>↓</kbd> select ·{' '}
        {openFile ? (
          <>
            <kbd>Enter</kbd> {openFile.verb.toLowerCase()} the file · <kbd>Shift</kbd>+<kbd>Enter</kbd> show its passages
          </>
        ) : (
          <>
            <kbd>Enter</kbd> show its passages
          </>
        )}{' '}
        · <kbd>Esc</kbd> clear
      </p>
      {/* One line for both, so the notice coming and going moves no result; each region is always in the page so
          screen readers announce its text when it changes. */}
      <p className="muted">
        <span aria-live="polite">
          {searching
            ? 'Searching…'
            : tooLong
              ? `A query takes up to ${SEARCH_QUERY_MAX_CHARS.toLocaleString()} characters; this one has ${query.trim().length.toLocaleString()}: shorten it to search.`
              : query && tookMs !== null
                ? `${results.length} result(s) in ${tookMs.toFixed(1)} ms`
                : ''}
        </span>{' '}
        <span role="status">
          {vectorsLoading && query
            ? 'Matching by meaning as soon as the index has loaded…'
            : indexLoading
              ? 'Loading the search index… searches match by keywords until it is in.'
              : ''}
        </span>
      </p>
      <ol className="results" id="search-results" data-testid="search-results" ref={list}>
        {results.map((r, i) => (
          <SearchResultItem
            key={r.documentId}
            result={r}
            selected={i === selected}
            onHover={() => select(i)}
            onShow={(chunkId) => setOpen({ documentId: r.documentId, chunkId })}
            openFile={openFile}
          />
        ))}
      </ol>
      {open ? <DocumentPanel documentId={open.documentId} {...(open.chunkId === undefined ? {} : { focusChunkId: open.chunkId })} onClose={closePanel} /> : null}
    </Page>
  );
}
