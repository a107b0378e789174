// The list of watched folders, kept in <data>/watched-folders.json (outside the library folder, which a
// restore replaces). The CLI and a running app share the file: each change is written atomically and the
// app reloads it when another process changed it.
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { AppError, describeIssues, summarizeIssues } from '../../src-shared/contract/index.ts';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';

const fileSchema = z.object({
  version: z.literal(1),
  paused: z.boolean(),
  folders: z.array(z.object({ path: z.string().min(1), addedAt: z.string() })),
});
export type WatchListData = z.infer<typeof fileSchema>;

const EMPTY: WatchListData = { version: 1, paused: false, folders: [] };

export function watchListPath(dataDir: string): string {
  return join(dataDir, 'watched-folders.json');
}

export class WatchList {
  readonly file: string;
  readonly #dataDir: string;
  #data: WatchListData = EMPTY;

  constructor(dataDir: string) {
    this.#dataDir = resolve(dataDir);
    this.file = watchListPath(dataDir);
  }

  get data(): WatchListData {
    return this.#data;
  }

  /** Reads the file again (absent: nothing watched). A damaged file is refused, never overwritten. */
  async load(): Promise<WatchListData> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw new AppError('internal', `The watched folders file ${this.file} cannot be read (${error.code ?? error.message}).`);
    });
    if (text === null) return (this.#data = EMPTY);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('invalid_input', `The watched folders file ${this.file} is not valid JSON. Fix it, or remove it and add the folders again (pdw watch add DIR).`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      throw new AppError('invalid_input', `The watched folders file ${this.file} is invalid: ${summarizeIssues(describeIssues(parsed.error))}. Fix it, or remove it and add the folders again.`);
    }
    return (this.#data = parsed.data);
  }

  /** Adds a folder after checking it can be watched; returns its canonical path. */
  async add(raw: string, now = new Date()): Promise<string> {
    await this.load();
    const path = await canonicalFolder(raw);
    const refusal = this.#refusal(path);
    if (refusal) throw new AppError(refusal.code, refusal.message);
    await this.#save({ ...this.#data, folders: [...this.#data.folders, { path, addedAt: now.toISOString() }] });
    return path;
  }

  async remove(raw: string): Promise<void> {
    await this.load();
    const path = resolve(raw);
    const real = await realpath(path).catch(() => path);
    const kept = this.#data.folders.filter((f) => f.path !== path && f.path !== real);
    if (kept.length === this.#data.folders.length) {
      throw new AppError('not_found', `${path} is not a watched folder (pdw watch list shows them).`);
    }
    await this.#save({ ...this.#data, folders: kept });
  }

  async setPaused(paused: boolean): Promise<void> {
    await this.load();
    await this.#save({ ...this.#data, paused });
  }

  #refusal(path: string): { code: 'conflict' | 'invalid_input'; message: string } | undefined {
    if (within(path, this.#dataDir) || within(this.#dataDir, path)) {
      return { code: 'invalid_input', message: `${path} holds the app's own data directory; watch the folders of your documents instead.` };
    }
    for (const f of this.#data.folders) {
      if (f.path === path) return { code: 'conflict', message: `${path} is already watched.` };
      if (within(path, f.path)) return { code: 'conflict', message: `${path} is inside ${f.path}, which is already watched.` };
      if (within(f.path, path)) return { code: 'conflict', message: `${path} holds ${f.path}, which is already watched: remove that one first (pdw watch remove).` };
    }
    return undefined;
  }

  async #save(data: WatchListData): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(data, null, 2) + '\n');
    this.#data = data;
  }
}

/** The folder's real absolute path (symlinks resolved, so the same folder is never watched twice). */
async function canonicalFolder(raw: string): Promise<string> {
  if (!isAbsolute(raw) && raw.startsWith('~')) throw new AppError('invalid_input', `Give the folder's full path: "~" is not expanded here (${raw}).`);
  const path = resolve(raw);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    throw new AppError('not_found', info.code === 'ENOENT' ? `There is no folder ${path}.` : `${path} cannot be read (${info.code ?? info.message}).`);
  }
  if (!info.isDirectory()) throw new AppError('invalid_input', `${path} is a file; watch the folder that holds it, or add the file with pdw ingest.`);
  return realpath(path);
}

/** True when `path` is `folder` or below it. */
export function within(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}
