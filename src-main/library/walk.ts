// Expands the paths a person picked into the files to ingest: folders recursively, skipping hidden
// entries and whatever .gitignore / .pdwignore files exclude. Inside folders only document extensions
// and extension-less files (README, LICENSE, notes) are taken — a photo folder should not produce a page
// of failures; a file named explicitly is always tried. Content, not the name, decides the type.
import ignore, { type Ignore } from 'ignore';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { DOCUMENT_EXTENSIONS } from '../../src-shared/upload-names.ts';

const IGNORE_FILES = ['.gitignore', '.pdwignore'];

export type WalkEntry = { path: string; size: number; mtimeMs: number } | { path: string; error: string };

interface Rules {
  base: string;
  matcher: Ignore;
}

export async function collectFiles(paths: readonly string[], signal?: AbortSignal): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  const seen = new Set<string>();
  for (const raw of paths) {
    const path = resolve(raw);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      out.push({ path, error: info.code === 'ENOENT' ? 'file not found' : `cannot read (${info.code ?? info.message})` });
    } else if (info.isDirectory()) {
      await walkDir(path, [], out, seen, signal);
    } else if (info.isFile()) {
      if (!seen.has(path)) out.push({ path, size: info.size, mtimeMs: info.mtimeMs });
      seen.add(path);
    } else {
      out.push({ path, error: 'not a regular file' });
    }
  }
  return out;
}

async function walkDir(dir: string, inherited: Rules[], out: WalkEntry[], seen: Set<string>, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const rules = [...inherited];
  for (const name of IGNORE_FILES) {
    const content = await readFile(join(dir, name), 'utf8').catch(() => null);
    if (content !== null) rules.push({ base: dir, matcher: ignore().add(content) });
  }
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    // Symlinks are not followed inside folders: they can loop or lead outside what was picked.
    if (entry.isSymbolicLink()) continue;
    const isDir = entry.isDirectory();
    if (isIgnored(rules, path, isDir)) continue;
    if (isDir) {
      await walkDir(path, rules, out, seen, signal);
    } else if (entry.isFile() && isDocumentName(entry.name) && !seen.has(path)) {
      seen.add(path);
      const info = await lstat(path).catch(() => null);
      if (info) out.push({ path, size: info.size, mtimeMs: info.mtimeMs });
    }
  }
}

function isDocumentName(name: string): boolean {
  const ext = extname(name).toLowerCase();
  return ext === '' || DOCUMENT_EXTENSIONS.has(ext);
}

function isIgnored(rules: Rules[], path: string, isDir: boolean): boolean {
  return rules.some((r) => {
    const rel = relative(r.base, path).split(sep).join('/');
    return rel !== '' && r.matcher.ignores(isDir ? rel + '/' : rel);
  });
}
