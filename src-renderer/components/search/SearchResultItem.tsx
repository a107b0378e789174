// One document found by a search: its title, path and date (with a tooltip saying which half of the search
// found it), then its best passages, each opening the document at that passage.
import type { SearchResult, SnippetSegment } from '../../../src-shared/contract/library.ts';
import { describeExplain } from '../../../src-shared/search-explain.ts';
import type { useOpenFile } from '../library/open-file.ts';
import { useShownPath } from '../shown-path.ts';

interface Props {
  result: SearchResult;
  selected: boolean;
  onHover(): void;
  /** Shows the document's passages, scrolled to this chunk. */
  onShow(chunkId: number): void;
  openFile: ReturnType<typeof useOpenFile>;
}

function Snippet({ segments }: { segments: SnippetSegment[] }) {
  return <>{segments.map((s, j) => (s.highlight ? <mark key={j}>{s.text}</mark> : <span key={j}>{s.text}</span>))}</>;
}

export function SearchResultItem({ result, selected, onHover, onShow, openFile }: Props) {
  const best = result.passages[0]?.chunkId;
  const why = describeExplain(result.explain);
  const path = useShownPath()(result.path);
  return (
    <li className={selected ? 'selected' : undefined} aria-selected={selected} onMouseEnter={onHover}>
      <div className="result">
        <button className="result-head" onClick={() => best !== undefined && onShow(best)} title={why} aria-description={why}>
          <span className="result-title">{result.title}</span>
          <span className="muted result-path">
            {path} · modified {new Date(result.modifiedAt).toLocaleDateString()}
          </span>
        </button>
        {result.passages.map((p) => (
          <button key={p.chunkId} className="snippet" data-chunk-id={p.chunkId} onClick={() => onShow(p.chunkId)} title="Show this passage in the document">
            <Snippet segments={p.snippet} />
          </button>
        ))}
      </div>
      {openFile ? (
        <button className="result-open" onClick={() => openFile.run(result.documentId)} aria-label={`${openFile.verb} ${result.title}`} title={`${openFile.verb} ${path}`}>
          {openFile.verb}
        </button>
      ) : null}
    </li>
  );
}
