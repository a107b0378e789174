// Debian's manual pages (section 1), rendered by man(1). Query: the page's one-line NAME description
// ("cp - copy files and directories" → "copy files and directories"), cut from the page.
import { execFile } from 'node:child_process';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { BENCH_CACHE, deterministicOrder, sample, wordCount, type Corpus } from './corpus.ts';
import type { KnownItem } from './known-item.ts';

const MAN_DIR = '/usr/share/man/man1';
const CACHE = join(BENCH_CACHE, 'man');
const run = promisify(execFile);

export function manPages(limit: number): Corpus {
  return {
    id: 'man pages',
    describe: `${MAN_DIR}, query = the NAME line's description`,
    install: 'man-db manpages',
    async load() {
      const missing = await access('/usr/bin/man').then(() => access(MAN_DIR)).then(() => null, (e: Error) => e.message);
      if (missing) return { missing };
      await mkdir(CACHE, { recursive: true });
      const files = (await readdir(MAN_DIR)).filter((f) => /^[a-z][\w.+-]*\.1\.gz$/.test(f));
      return sample(pagesOf(deterministicOrder(files, (f) => f)), limit);
    },
  };
}

async function* pagesOf(files: readonly string[]): AsyncGenerator<KnownItem | null> {
  for (const file of files) {
    const text = await render(file);
    yield text ? splitNameLine(basename(file, '.1.gz'), text) : null;
  }
}

async function render(file: string): Promise<string | null> {
  const cached = join(CACHE, `${file}.txt`);
  const hit = await readFile(cached, 'utf8').catch(() => null);
  if (hit !== null) return hit || null;
  try {
    const { stdout } = await run('man', ['-l', join(MAN_DIR, file)], { env: { ...process.env, MANWIDTH: '100', MAN_KEEP_FORMATTING: '' }, maxBuffer: 8 << 20 });
    await writeFile(cached, stdout);
    return stdout;
  } catch {
    await writeFile(cached, '');
    return null;
  }
}

/** Takes the NAME description out of the page: it becomes the query, the rest the document. */
function splitNameLine(name: string, text: string): KnownItem | null {
  const match = /\nNAME\n([\s\S]*?)\n\n(?=[A-Z])/.exec(text);
  if (!match?.[1]) return null;
  const nameBlock = match[1].replace(/\s+/g, ' ').trim();
  const dash = nameBlock.search(/\s[-—–]\s/);
  if (dash < 0) return null;
  const query = nameBlock.slice(dash + 3).trim();
  // The page's header line stays on its own, as in the page (the blank line after it is kept).
  const body = text.slice(0, match.index + 1) + text.slice(match.index + match[0].length);
  if (wordCount(query) < 3 || body.length < 800) return null;
  return { name, query, body };
}
