import { useCallback, useState, type KeyboardEvent } from 'react';
import { DOC_TYPES, type SearchResult } from '../../src-shared/contract/library.ts';
import { DocumentPanel } from '../components/library/DocumentPanel.tsx';
import { useOpenFile } from '../components/library/open-file.ts';
import { Page } from '../components/Page.tsx';
import { useSearchStore } from '../stores/search.ts';

export function SearchPage() {
  const { query, mode, types, results, tookMs, searching, selected } = useSearchStore();
  const { setQuery, setMode, toggleType, select } = useSearchStore.getState();
  const [open, setOpen] = useState<SearchResult | null>(null);
  const closePanel = useCallback(() => setOpen(null), []);

  const openFile = useOpenFile();

  const onKeyDown = (event: KeyboardEvent) => {
    const current = results[selected];
    if (event.key === 'ArrowDown') select(selected + 1);
    else if (event.key === 'ArrowUp') select(selected - 1);
    else if (event.key === 'Enter' && current) {
      if (event.shiftKey || !openFile) setOpen(current);
      else openFile.run(current.documentId);
    } else if (event.key === 'Escape') setQuery('');
    else return;
    event.preventDefault();
  };

  return (
    <Page title="Search" subtitle="Find passages by meaning and by keyword.">
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
      <div className="type-filters" role="group" aria-label="Document types">
        {DOC_TYPES.map((t) => (
          <label key={t}>
            <input type="checkbox" checked={types.includes(t)} onChange={() => toggleType(t)} /> {t}
          </label>
        ))}
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
      <p className="muted" aria-live="polite">
        {searching ? 'Searching…' : query && tookMs !== null ? `${results.length} result(s) in ${tookMs.toFixed(1)} ms` : ''}
      </p>
      <ol className="results" id="search-results" data-testid="search-results">
        {results.map((r, i) => (
          <li key={r.chunkId} className={i === selected ? 'selected' : undefined} aria-selected={i === selected} onMouseEnter={() => select(i)}>
            <button className="result" onClick={() => setOpen(r)} title="Show its passages">
              <span className="result-title">{r.title}</span>
              <span className="muted result-path">{r.path}</span>
              <span className="snippet">
                {r.snippet.map((s, j) => (s.highlight ? <mark key={j}>{s.text}</mark> : <span key={j}>{s.text}</span>))}
              </span>
            </button>
            {openFile ? (
              <button className="result-open" onClick={() => openFile.run(r.documentId)} aria-label={`${openFile.verb} ${r.title}`} title={`${openFile.verb} ${r.path}`}>
                {openFile.verb}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      {open ? <DocumentPanel documentId={open.documentId} focusChunkId={open.chunkId} onClose={closePanel} /> : null}
    </Page>
  );
}
