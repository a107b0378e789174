import { PAGES, useUiStore } from '../stores/ui.ts';

export function Nav() {
  const page = useUiStore((s) => s.page);
  const navigate = useUiStore((s) => s.navigate);
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">◆</span> PDW
      </div>
      <ul>
        {PAGES.map((p, i) => (
          <li key={p.id}>
            <a
              href={`#/${p.id}`}
              aria-current={page === p.id ? 'page' : undefined}
              title={`${p.label} (Ctrl+${i + 1})`}
              onClick={(e) => {
                e.preventDefault();
                navigate(p.id);
              }}
            >
              {p.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
