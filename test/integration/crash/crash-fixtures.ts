// Shared by the crash tests and the child they kill: a generated corpus, a real word-vector embedder over
// its vocabulary (64-d, built in milliseconds, so every restart is cheap), and the checks run after a kill.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { mulberry32 } from '../../../src-main/walrus-local/faults.ts';
import { WordVectors } from '../../../src-main/embed/word-vectors.ts';
import type { BatchLimits } from '../../../src-main/library/ingest.ts';
import { libraryPaths, openLibrary, type Library, type LibraryOptions } from '../../../src-main/library/library.ts';

const WORDS = 'river stone garden honey violin comet harbour lantern meadow copper winter orchard signal canyon ember falcon'.split(' ');
const DIMENSION = 64;
export const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

/** mulberry32: the kill delays and vectors are the same on every run of a seed. */
export const seeded = mulberry32;

export function crashEmbedder(): WordVectorEmbedder {
  const random = seeded(99);
  const vectors = WORDS.map(() => Array.from({ length: DIMENSION }, () => random() * 2 - 1));
  return new WordVectorEmbedder(WordVectors.fromFloat(WORDS, DIMENSION, vectors), 'crash-test-64');
}

/** `count` Markdown files of several paragraphs each (a few chunks per file); returns their paths in order. */
export async function writeCorpus(dir: string, count: number, edition = 0): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const random = seeded(1000 + edition);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const paragraphs = Array.from({ length: 6 }, (_, p) =>
      Array.from({ length: 60 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ') + ` (file ${i}, part ${p}, edition ${edition}).`,
    );
    const path = join(dir, `note-${String(i).padStart(3, '0')}.md`);
    await writeFile(path, `# Note ${i}\n\n${paragraphs.join('\n\n')}\n`);
    paths.push(path);
  }
  return paths;
}

export function openCrashLibrary(dataDir: string, ingestBatch?: Partial<BatchLimits>, options: Partial<LibraryOptions> = {}): Promise<Library> {
  return openLibrary({ ...options, dataDir, embedder: crashEmbedder(), ...(ingestBatch ? { ingestBatch } : {}) });
}

export function integrityCheck(dataDir: string): string {
  const db = new Database(libraryPaths(dataDir).catalog, { readonly: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? '';
  } finally {
    db.close();
  }
}

export interface ChildRun {
  killed: boolean;
  lines: string[];
}

/**
 * Runs the child with `args`; `killAt(line, lines)` decides after each output line whether to SIGKILL it now
 * (a number: after that many milliseconds). Resolves when the child has exited.
 */
export function runChild(args: string[], killAt: (line: string) => number | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    // Lockstep: the child waits for one byte on stdin after each line it prints (see crash-child.ts `say`).
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.on('error', () => {}); // the child may be killed with acknowledgements in flight
    const lines: string[] = [];
    let killed = false;
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const delay = killed ? null : killAt(line);
        child.stdin.write('+');
        if (delay === null) continue;
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), delay);
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', lines }));
  });
}
