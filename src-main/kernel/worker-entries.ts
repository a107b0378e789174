// Every worker thread the app starts, in one list: the build emits each as an entry of its own beside the
// main bundle (electron.vite.config.ts reads this list), and each spawner finds its module here. A worker
// missing from a build is an error at the first use, never a silent fall back to the main thread (which
// would freeze the app for as long as the work takes: minutes, to convert the word vectors).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Entry name → source module, relative to the project root. */
export const WORKER_ENTRIES = {
  'extract-worker': 'src-main/library/extract-worker.ts',
  'graph-worker': 'src-main/library/graph-worker.ts',
  'backup-worker': 'src-main/backup/backup-worker.ts',
  'wink-convert-worker': 'src-main/embed/wink-convert-worker.ts',
  'walrus-id-worker': 'src-main/walrus-local/id-worker.ts',
} as const;
export type WorkerName = keyof typeof WORKER_ENTRIES;

/** Run from the sources (type-stripped .ts) or from the build, where every entry sits flat beside this chunk. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** Where the worker's module is, from the sources or in the build (whether or not it is there). */
export function workerUrl(name: WorkerName): URL {
  return FROM_SOURCES ? new URL(`../../${WORKER_ENTRIES[name]}`, import.meta.url) : new URL(`./${name}.js`, import.meta.url);
}

export class MissingWorkerError extends Error {
  readonly url: URL;
  constructor(url: URL) {
    super(`This build of PDW is missing one of its worker modules (${fileURLToPath(url)}); reinstall the app.`);
    this.name = 'MissingWorkerError';
    this.url = url;
  }
}

/** The worker's module, which must exist: a build without it fails here, loudly. */
export function requireWorker(url: URL): URL {
  if (!existsSync(fileURLToPath(url))) throw new MissingWorkerError(url);
  return url;
}

/** The parent's flags that only mean something for the main script: a worker given them refuses to start. */
const MAIN_SCRIPT_FLAGS = new Set(['-e', '--eval', '-p', '--print']);

/**
 * The parent's Node flags a worker can take. Workers inherit `process.execArgv`, and a process started with
 * `--input-type=module -e …` (a script piped or passed inline) would give each worker flags it refuses at start.
 */
export function workerExecArgv(parent: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const flag = parent[i] as string;
    if (flag.startsWith('--input-type')) {
      if (flag === '--input-type') i++;
      continue;
    }
    if (MAIN_SCRIPT_FLAGS.has(flag)) {
      i++; // and its script
      continue;
    }
    kept.push(flag);
  }
  return kept;
}

/** Flags of this process a worker refused: V8's (`--max-old-space-size`, `--expose-gc`) are the process's, not a thread's. */
const refusedFlags = new Set<string>();

/**
 * Starts the worker thread at `url` with the parent's flags a worker can take. Node has no list of the flags a
 * worker refuses, only the error naming them, so a refusal is learnt once and the worker started without them
 * (before, a process started with a V8 flag could start no worker at all: no graph, no extraction, no backup).
 */
export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  const flags = () => workerExecArgv().filter((flag) => !refusedFlags.has(flag));
  try {
    return new Worker(url, { execArgv: flags(), ...options });
  } catch (error) {
    const refused = refusedExecArgv(error);
    if (!refused.length) throw error;
    for (const flag of refused) refusedFlags.add(flag);
    return new Worker(url, { execArgv: flags(), ...options });
  }
}

/** The flags an ERR_WORKER_INVALID_EXEC_ARGV names ("…invalid execArgv flags: --expose-gc, --stack-trace-limit=50"). */
export function refusedExecArgv(error: unknown): string[] {
  if ((error as { code?: unknown } | null)?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return [];
  const listed = String((error as Error).message).split(': ').slice(1).join(': ');
  return listed.split(', ').filter((flag) => flag.startsWith('-'));
}
