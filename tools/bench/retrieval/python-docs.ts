// The Python 3 library reference (Debian's python3-doc). Each module page is a document; its heading
// "json — JSON encoder and decoder" gives the query ("JSON encoder and decoder"), and the heading is cut
// from the page, which is read from its main part only (no navigation, no sidebar).
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { convert } from 'html-to-text';
import { BENCH_CACHE, deterministicOrder, sample, wordCount, type Corpus } from './corpus.ts';
import type { KnownItem } from './known-item.ts';

const CACHE = join(BENCH_CACHE, 'python-docs');

export function pythonDocs(limit: number): Corpus {
  return {
    id: 'Python library reference',
    describe: 'python3-doc library/*.html, query = the heading after the module name',
    install: 'python3-doc',
    async load() {
      const dir = await libraryDir();
      if (!dir) return { missing: 'no /usr/share/doc/python3*/html/library' };
      await mkdir(CACHE, { recursive: true });
      const files = (await readdir(dir)).filter((f) => f.endsWith('.html'));
      return sample(pagesOf(dir, deterministicOrder(files, (f) => f)), limit);
    },
  };
}

async function libraryDir(): Promise<string | null> {
  const docs = await readdir('/usr/share/doc').catch(() => [] as string[]);
  for (const name of docs.filter((d) => /^python3\.\d+$/.test(d)).sort().reverse()) {
    const dir = join('/usr/share/doc', name, 'html', 'library');
    if (await access(dir).then(() => true, () => false)) return dir;
  }
  return null;
}

async function* pagesOf(dir: string, files: readonly string[]): AsyncGenerator<KnownItem | null> {
  for (const file of files) {
    const cached = join(CACHE, `${file}.json`);
    let item = await readFile(cached, 'utf8').then((text) => JSON.parse(text) as KnownItem | null, () => undefined);
    if (item === undefined) {
      item = modulePage(basename(file, '.html'), await readFile(join(dir, file), 'utf8'));
      await writeFile(cached, JSON.stringify(item));
    }
    yield item;
  }
}

function modulePage(name: string, html: string): KnownItem | null {
  const main = /<div class="body" role="main">([\s\S]*?)<div class="sphinxsidebar"/.exec(html)?.[1];
  const heading = main && /<h1>([\s\S]*?)<\/h1>/.exec(main);
  if (!main || !heading) return null;
  const headingText = text(heading[1] ?? '').replace(/¶/g, '');
  const dash = headingText.indexOf(' — ');
  if (dash < 0) return null;
  const query = headingText.slice(dash + 3).trim();
  const body = text(main.slice(0, heading.index) + main.slice(heading.index + heading[0].length));
  if (wordCount(query) < 2 || body.length < 800) return null;
  return { name, query, body };
}

function text(html: string): string {
  return convert(html, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'img', format: 'skip' }] }).trim();
}
