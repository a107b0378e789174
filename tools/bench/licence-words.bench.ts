// A query of only common words, in the case that showed the gap: a library of manual pages holding one long
// licence text (the installed packages' copyright files, joined up to 14 MB), searched for words that text makes
// common ("warranty"). With keyword heads up to the common-term limit (before) such a query had no keyword half
// and was answered by meaning only; with heads up to half the chunks (after) its rarest word's head ranks. The
// licence is the known item; plain FTS5 bm25 over whole documents is the baseline, all in one run.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../src-main/library/catalog.ts';
import { libraryPaths, openLibrary } from '../../src-main/library/library.ts';
import type { KeywordHeadsOptions } from '../../src-main/search/keyword-heads.ts';
import type { SearchMode } from '../../src-shared/contract/library.ts';
import { commonTermLimit } from '../../src-main/search/term-limits.ts';
import { withCorpusFolder } from './retrieval/corpus-folder.ts';
import { wholeDocumentBm25 } from './retrieval/fts-baseline.ts';
import type { KnownItem } from './retrieval/known-item.ts';
import { manPages } from './retrieval/man-pages.ts';
import type { BenchTable } from './table.ts';

const LICENCE_BYTES = 14_000_000;
const LICENCE = 'licence';
const CUTOFF = 10;
/** A folder of its own, so that a retrieval benchmark may run meanwhile. */
const FOLDER = join(tmpdir(), 'pdw-licence-words');
const VECTOR_CACHE = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
/** Words of licence texts; those past the common-term limit and in under half the chunks are the queries. */
const CANDIDATE_WORDS = [
  'warranty', 'warranties', 'copyright', 'license', 'licensed', 'software', 'permission', 'distribute', 'distribution',
  'redistribution', 'notice', 'conditions', 'liability', 'damages', 'merchantability', 'fitness', 'purpose', 'provided',
  'public', 'free', 'modify', 'source', 'binary', 'author', 'holders', 'contributors', 'terms', 'granted', 'rights',
];

export default async function licenceWordsBench(): Promise<BenchTable[]> {
  const pages = await manPages(400).load();
  if ('missing' in pages) throw new Error(`the man pages are missing (${pages.missing}): apt-get install man-db manpages`);
  const licence = await licenceText();
  const items: KnownItem[] = [...pages, { name: LICENCE, query: '', body: licence }];
  const embedder = await createBundledEmbedder(VECTOR_CACHE);
  const baseline = wholeDocumentBm25(items);
  try {
    return await withCorpusFolder(async (root) => {
      for (const item of items) await writeFile(join(root, `${item.name}.txt`), item.body);
      const dataDir = join(root, 'data');
      const modes: [string, KeywordHeadsOptions][] = [
        ['heads up to the common-term limit (before)', { commonTerms: false }],
        ['heads up to half the chunks (after)', {}],
      ];
      let queries: string[] = [];
      let chunks = 0;
      const ranks: Record<string, number[]> = {};
      for (const [label, keywordHeads] of modes) {
        const library = await openLibrary({ dataDir, embedder, keywordHeads });
        try {
          if (!queries.length) await library.ingest(items.map((item) => join(root, `${item.name}.txt`)));
          await library.settle();
          if (!queries.length) ({ queries, chunks } = commonWords(dataDir));
          for (const mode of ['keyword', 'hybrid'] as SearchMode[]) {
            const found: string[][] = [];
            for (const query of queries) found.push((await library.search(query, { k: CUTOFF, mode })).map((hit) => basename(hit.path, '.txt')));
            ranks[`${mode === 'keyword' ? 'keyword only' : 'hybrid'}, ${label}`] = found.map(rankOfLicence);
          }
        } finally {
          await library.close();
        }
      }
      const baselineRanks = queries.map((query) => rankOfLicence(baseline.search(query)));
      const rows = [['FTS5 bm25, whole documents', ...summary(baselineRanks)]];
      for (const [label, found] of Object.entries(ranks)) rows.push([`PDW ${label}`, ...summary(found)]);
      return [
        {
          title: `A query of only common words: the licence among manual pages (${chunks.toLocaleString('en-US')} chunks)`,
          columns: ['search', 'MRR', 'found in top 10', 'licence rank per query (– : not in the top 10)'],
          rows,
          notes: [
            `library: ${pages.length} manual pages (section 1) and one licence text, the copyright files of /usr/share/doc joined up to ${(LICENCE_BYTES / 1e6).toFixed(0)} MB; common-term limit ${commonTermLimit(chunks).toLocaleString('en-US')} chunks`,
            `queries (one word each, in the order of the ranks): ${queries.join(', ')} — the words of licence texts tried that are past the common-term limit and in under half the chunks`,
            'known item: the licence; MRR counts ranks within the top 10',
          ],
        },
      ];
    }, FOLDER);
  } finally {
    baseline.close();
  }
}

/** The copyright files of the installed packages, in name order, joined up to LICENCE_BYTES. */
async function licenceText(): Promise<string> {
  const parts: string[] = [];
  let bytes = 0;
  for (const dir of (await readdir('/usr/share/doc')).sort()) {
    const text = await readFile(join('/usr/share/doc', dir, 'copyright'), 'utf8').catch(() => null);
    if (!text) continue;
    parts.push(text);
    bytes += Buffer.byteLength(text);
    if (bytes >= LICENCE_BYTES) break;
  }
  return parts.join('\n\n');
}

/** The candidate words past the common-term limit and in under half the chunks of the ingested library. */
function commonWords(dataDir: string): { queries: string[]; chunks: number } {
  const catalog = Catalog.open(libraryPaths(dataDir).catalog);
  try {
    const chunks = catalog.chunkCount();
    const limit = commonTermLimit(chunks);
    const counts = catalog.termDocumentCounts(CANDIDATE_WORDS, chunks + 1);
    return { queries: CANDIDATE_WORDS.filter((w) => (counts.get(w) ?? 0) > limit && (counts.get(w) ?? 0) < chunks / 2), chunks };
  } finally {
    catalog.close();
  }
}

function rankOfLicence(names: readonly string[]): number {
  return names.slice(0, CUTOFF).indexOf(LICENCE) + 1;
}

function summary(ranks: readonly number[]): (string | number)[] {
  const mrr = ranks.reduce((sum, r) => sum + (r ? 1 / r : 0), 0) / Math.max(1, ranks.length);
  return [Number(mrr.toFixed(3)), `${ranks.filter((r) => r > 0).length} / ${ranks.length}`, ranks.map((r) => r || '–').join(' ')];
}
