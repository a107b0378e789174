// Retrieval quality on real text nobody on the project wrote: the machine's manual pages. Each page's
// one-line NAME description ("cp - copy files and directories") becomes a query and is cut from the
// ingested text, so the page must be found from its body — a known-item search with hundreds of
// queries and no hand-picked answers. Reports MRR and recall@10 (of the right page in the top 10) for
// vector-only, keyword-only and hybrid search. Fusion parameters are tuned on half of the queries and
// reported on the other half, so the hybrid's score is not fitted to the queries it is judged on.
import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { openLibrary, type Library } from '../../src-main/library/library.ts';
import type { SearchOptions } from '../../src-main/search/hybrid-search.ts';
import type { BenchTable } from './table.ts';

const MAN_DIR = '/usr/share/man/man1';
const PAGES = Number(process.env.PDW_BENCH_PAGES ?? 400);
const CACHE = fileURLToPath(new URL('../../node_modules/.cache/pdw-bench/man', import.meta.url));
const VECTOR_CACHE = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
const run = promisify(execFile);

interface Page {
  name: string;
  query: string;
  body: string;
}

export default async function retrievalBench(): Promise<BenchTable[]> {
  const title = 'Retrieval quality on Debian manual pages (query = NAME line, answer = that page)';
  const missing = await access('/usr/bin/man').then(() => access(MAN_DIR)).then(() => null, (e: Error) => e.message);
  if (missing) return [{ title, columns: ['note'], rows: [[`skipped: manual pages are not installed (${missing}); apt-get install man-db manpages`]] }];

  const pages = await loadPages();
  const root = await mkdtemp(join(tmpdir(), 'pdw-retrieval-'));
  try {
    for (const page of pages) await writeFile(join(root, `${page.name}.txt`), page.body);
    const library = await openLibrary({ dataDir: join(root, 'data'), embedder: await createBundledEmbedder(VECTOR_CACHE) });
    await library.ingest(pages.map((p) => join(root, `${p.name}.txt`)));
    const tune = pages.filter((_, i) => i % 2 === 0);
    const test = pages.filter((_, i) => i % 2 === 1);

    const grid: { rrfK: number; vectorWeight: number; mrr: number }[] = [];
    for (const rrfK of [5, 15, 30, 60]) {
      for (const vectorWeight of [0.3, 0.5, 0.75, 1]) {
        grid.push({ rrfK, vectorWeight, mrr: (await evaluate(library, tune, root, { mode: 'hybrid', rrfK, vectorWeight })).mrr });
      }
    }
    const best = grid.reduce((a, b) => (b.mrr > a.mrr ? b : a));
    const rows: (string | number)[][] = [];
    const modes: [string, SearchOptions][] = [
      ['vector only', { mode: 'vector' }],
      ['keyword only', { mode: 'keyword' }],
      ['hybrid, library defaults', { mode: 'hybrid' }],
      [`hybrid, tuned (k=${best.rrfK}, vector weight ${best.vectorWeight})`, { mode: 'hybrid', rrfK: best.rrfK, vectorWeight: best.vectorWeight }],
    ];
    for (const [label, options] of modes) {
      const r = await evaluate(library, test, root, options);
      rows.push([label, r.mrr, r.recall, r.queries]);
    }
    const chunks = library.stats().chunks;
    await library.close();
    return [
      {
        title,
        columns: ['search', 'MRR', 'recall@10', 'queries'],
        rows,
        notes: [
          `${pages.length} pages from ${MAN_DIR} (deterministic sample), rendered by man(1); ${chunks} chunks`,
          `fusion tuned on ${tune.length} queries (grid of RRF k × vector weight), reported on the other ${test.length}`,
          'MRR: mean of 1/rank of the right page (0 when outside the top 10); recall@10: share of queries with it in the top 10',
        ],
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function evaluate(library: Library, pages: Page[], root: string, options: SearchOptions): Promise<{ mrr: number; recall: number; queries: number }> {
  let reciprocal = 0;
  let found = 0;
  for (const page of pages) {
    const results = await library.search(page.query, { ...options, k: 10 });
    const rank = results.findIndex((r) => r.path === join(root, `${page.name}.txt`));
    if (rank >= 0) {
      reciprocal += 1 / (rank + 1);
      found++;
    }
  }
  return { mrr: Number((reciprocal / pages.length).toFixed(3)), recall: Number((found / pages.length).toFixed(3)), queries: pages.length };
}

/** A deterministic sample of pages with a usable NAME line, rendered once and cached. */
async function loadPages(): Promise<Page[]> {
  await mkdir(CACHE, { recursive: true });
  const files = (await readdir(MAN_DIR)).filter((f) => /^[a-z][\w.+-]*\.1\.gz$/.test(f));
  // Order by a hash of the name: a spread over the whole section, the same on every machine.
  const ordered = files.sort((a, b) => (hash(a) < hash(b) ? -1 : 1));
  const pages: Page[] = [];
  const seenQueries = new Set<string>();
  for (const file of ordered) {
    if (pages.length >= PAGES) break;
    const text = await render(file);
    const page = text && splitNameLine(basename(file, '.1.gz'), text);
    if (!page || seenQueries.has(page.query)) continue;
    seenQueries.add(page.query);
    pages.push(page);
  }
  return pages;
}

async function render(file: string): Promise<string | null> {
  const cached = join(CACHE, `${file}.txt`);
  const hit = await readFile(cached, 'utf8').catch(() => null);
  if (hit !== null) return hit;
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
function splitNameLine(name: string, text: string): Page | null {
  const match = /\nNAME\n([\s\S]*?)\n\n(?=[A-Z])/.exec(text);
  if (!match?.[1]) return null;
  const nameBlock = match[1].replace(/\s+/g, ' ').trim();
  const dash = nameBlock.search(/\s[-—–]\s/);
  if (dash < 0) return null;
  const query = nameBlock.slice(dash + 3).trim();
  const body = text.slice(0, match.index) + text.slice(match.index + match[0].length);
  if (query.split(' ').length < 3 || body.length < 800) return null;
  return { name, query, body };
}

function hash(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}
