// The names of uploaded files: a path relative to the folder or selection a file came from ("notes/2024/plan.md").
// Main checks every name before it writes anything (it alone decides where files go); the renderer uses the same
// rules to name a selection's files before sending them in batches, and the folder walk's rule for which files of a
// folder are documents. Pure functions, no dependencies.

/** Inside folders only these extensions and extension-less files (README, LICENSE, notes) are taken. */
export const DOCUMENT_EXTENSIONS = new Set(['.txt', '.text', '.md', '.markdown', '.mdown', '.mkd', '.html', '.htm', '.xhtml', '.pdf', '.rst', '.org']);

/**
 * Whether a file found inside a chosen folder is taken: not hidden (no part starting with "."), and a document
 * extension or none — a photo folder should not produce a page of failures. A file chosen by itself is always tried.
 */
export function takenFromFolder(relativePath: string): boolean {
  const segments = relativePath.replaceAll('\\', '/').split('/');
  if (segments.some((s) => s.startsWith('.'))) return false;
  const base = segments.at(-1) ?? '';
  const dot = base.lastIndexOf('.');
  return dot <= 0 || DOCUMENT_EXTENSIONS.has(base.slice(dot).toLowerCase());
}

const MAX_SEGMENT_BYTES = 255;
const MAX_DEPTH = 32;
// C0 and C1 controls: a name holding them could fake lines in logs and terminals; no real file needs them.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export type UploadNameCheck = { ok: true; path: string; segments: string[] } | { ok: false; reason: string };

/**
 * `name` as a relative path with `/` separators, or why it is refused: absolute paths, drive letters, `.` and `..`
 * segments, empty segments, control characters, over-long segments and over-deep folders are never made safe by
 * guessing — they are refused, so no file lands anywhere its sender did not mean.
 */
export function checkUploadName(name: string): UploadNameCheck {
  const path = name.replaceAll('\\', '/');
  if (!path) return { ok: false, reason: 'the name is empty' };
  if (CONTROL.test(path)) return { ok: false, reason: 'the name holds control characters' };
  if (path.startsWith('/')) return { ok: false, reason: 'the name is an absolute path' };
  if (/^[A-Za-z]:/.test(path)) return { ok: false, reason: 'the name starts with a drive letter' };
  const segments = path.split('/');
  if (segments.length > MAX_DEPTH) return { ok: false, reason: `the name is more than ${MAX_DEPTH} folders deep` };
  for (const segment of segments) {
    if (segment === '') return { ok: false, reason: 'the name has an empty folder (// or a trailing /)' };
    if (segment === '.' || segment === '..') return { ok: false, reason: `the name holds a "${segment}" folder` };
    if (new TextEncoder().encode(segment).length > MAX_SEGMENT_BYTES) return { ok: false, reason: `a part of the name is longer than ${MAX_SEGMENT_BYTES} bytes` };
  }
  return { ok: true, path, segments };
}

/** What the uploads folder itself is called where it is shown: it holds the files chosen one by one. */
export const UPLOADS_LABEL = 'Uploaded files';

/**
 * A library path as the person who uploaded it knows it: under `uploadsDir` (the server's uploads folder, from
 * app.info) the path they chose ("notes/2024/plan.md"), the uploads folder itself UPLOADS_LABEL; any other path, or
 * any path while `uploadsDir` is unknown, as it is. Either separator: the server may run on Windows.
 */
export function shownPath(path: string, uploadsDir: string | null | undefined): string {
  if (!uploadsDir || !path.startsWith(uploadsDir)) return path;
  if (path.length === uploadsDir.length) return UPLOADS_LABEL;
  const separator = path.charAt(uploadsDir.length);
  return separator === '/' || separator === '\\' ? path.slice(uploadsDir.length + 1).replaceAll('\\', '/') : path;
}

/** "dir/name (n).ext": the n-th file that arrived with the same name. */
export function numberedName(path: string, n: number): string {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
  return `${path.slice(0, slash + 1)}${stem} (${n})${ext}`;
}

/**
 * Gives each item a name no other item of the list has: the first keeps its name, later different items with the same
 * name (compared by `key`, e.g. case-folded where the disk ignores case) get " (2)", " (3)"… — two files never share
 * one place. `same(a, b)` says that two items are one file sent twice: those keep the same name.
 */
export function uniqueNames<T>(items: readonly T[], nameOf: (item: T) => string, options: { key?: (name: string) => string; same?: (a: T, b: T) => boolean } = {}): string[] {
  const key = options.key ?? ((name: string) => name);
  const taken = new Map<string, T>();
  return items.map((item) => {
    const name = nameOf(item);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : numberedName(name, n);
      const holder = taken.get(key(candidate));
      if (holder === undefined) {
        taken.set(key(candidate), item);
        return candidate;
      }
      if (options.same?.(holder, item)) return candidate;
    }
  });
}
