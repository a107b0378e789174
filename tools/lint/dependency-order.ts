// The dependency order of the app's domains, lowest first (docs/architecture.md explains it). A file may
// import its own domain and the domains of earlier layers only; domains in one layer are peers and never
// import each other. Checked by tools/lint/dependency-check.ts, which `npm run lint` runs through ESLint.

/** Layers, lowest first. A new domain (folder of src-main, or top-level file) must be placed here. */
export const LAYERS: readonly (readonly string[])[] = [
  ['shared'],
  ['kernel'],
  ['walrus', 'embed', 'vector', 'status'],
  ['wallet', 'settings', 'search'],
  ['walrus-local', 'library'],
  ['backup'],
  ['wiring'],
  ['host'],
  ['cli', 'electron'],
  ['renderer', 'preload', 'bin'],
];

/** Files outside src-main's domain folders, by the domain they belong to. */
const SRC_MAIN_FILES: Record<string, string> = {
  'app.ts': 'wiring',
  'app-handlers.ts': 'wiring',
};

/**
 * Narrower boundaries than the order gives: what a domain may import (domains, or files by their path
 * under src-main/) and which domains may import it. Tests, tools and benchmarks are not bound.
 */
export const BOUNDARIES: Record<string, { imports: readonly string[]; importedBy: readonly string[] }> = {
  // The local Walrus server ships with the app for offline use: it stands in for Walrus and Sui, so it
  // reads Walrus's formats and the chain's ids, and only the wiring (in-app server) and the CLI
  // (`pdw walrus-local`) start it.
  'walrus-local': {
    imports: ['shared', 'kernel', 'walrus', 'wallet/chain-config.ts', 'wallet/blob-id-u256.ts'],
    importedBy: ['wiring', 'cli'],
  },
  // Backup reaches the library only through its snapshot source (backup/snapshot-source.ts binds it),
  // never the catalog or the library facade (docs/architecture.md, "Databases").
  backup: {
    imports: ['shared', 'kernel', 'walrus', 'wallet', 'settings', 'library/snapshot-source.ts', 'library/snapshot-export.ts', 'library/library-swap.ts'],
    importedBy: ['wiring', 'host', 'cli', 'electron'],
  },
};

/**
 * Other domains import a domain through its facade (`src-main/<domain>/index.ts`) or one of these narrow
 * interfaces: light modules that a worker, a lower layer or a boundary needs without loading the whole
 * facade. Paths are relative to the domain's folder. Everything else in a domain is internal to it.
 */
export const NARROW_INTERFACES: Record<string, readonly string[]> = {
  // Durable writes and the worker list (read by workers and stores); the SQLite opener (the databases' owners).
  kernel: ['fs/atomic.ts', 'fs/sqlite.ts', 'worker-entries.ts', 'process-alive.ts'],
  // Walrus's formats (ids, sizes and prices, the quilt layout), shared with the local server and its id worker.
  walrus: ['ids.ts', 'cost.ts', 'quilt-layout.ts'],
  // The chain's ids, which the local Walrus server answers with.
  wallet: ['chain-config.ts', 'blob-id-u256.ts'],
  // The snapshot source: backup's only way to the library's data (see BOUNDARIES).
  library: ['snapshot-source.ts', 'snapshot-export.ts', 'library-swap.ts'],
  // The in-app server's wiring, which the composition root loads only when the server is wanted.
  'walrus-local': ['wiring.ts'],
  // The `pdw` command's entry, which bin/pdw.js runs.
  cli: ['main.ts'],
};

/** Trees of production code: they never import tools/ or test/. */
export const PRODUCTION_TREES = ['src-main', 'src-shared', 'src-preload', 'src-renderer', 'bin'];
/** Trees of development code: they may import anything, but take part in the cycle check. */
export const DEVELOPMENT_TREES = ['tools', 'test'];

/** The domain of a project-relative path ('src-main/library/catalog.ts' → 'library'); undefined outside production trees. */
export function domainOf(path: string): string | undefined {
  const [tree, first, second] = path.split('/');
  if (tree === 'src-shared') return 'shared';
  if (tree === 'src-renderer') return 'renderer';
  if (tree === 'src-preload') return 'preload';
  if (tree === 'bin') return 'bin';
  if (tree !== 'src-main' || first === undefined) return undefined;
  if (second === undefined) return SRC_MAIN_FILES[first] ?? `src-main/${first}`;
  return first;
}
