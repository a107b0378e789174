// How dear a word's document count is, which file-name words need to leave out the common ones
// (search/file-name-words.ts): the capped FTS5 match search uses (stops past the common-word bound), the same
// match uncapped, and FTS5's vocabulary table (fts5vocab 'row': term, doc, cnt) looked up by the word's stem.
// Runs on a library kept by `PDW_BENCH_KEEP=1 npm run bench library` (only read; the vocabulary table is a
// temporary one of this connection):
//   PDW_BENCH_REUSE=<library> npm run bench name-word-count
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { COMMON_WORD_SHARE, COUNTED_BY_MATCH } from '../../src-main/search/file-name-words.ts';
import { quoteTerm, stemKey } from '../../src-main/search/terms.ts';
import { Corpus } from './library.bench.ts';
import type { BenchTable } from './table.ts';

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
/** Ranks, among the embedder's plain words (the benchmark library's generator draws from them, the first most often). */
const RANKS = [0, 1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 20_000];
const PASSES = 5;

export default async function nameWordCountBench(): Promise<BenchTable[]> {
  const root = process.env.PDW_BENCH_REUSE?.split(',')[0];
  if (!root) throw new Error('Set PDW_BENCH_REUSE to a library kept by `PDW_BENCH_KEEP=1 npm run bench library`.');
  const db = new Database(join(root, 'data', 'library', 'catalog.sqlite'), { readonly: true });
  try {
    // A temporary table of this connection: a catalog from before schema 8 has no documents_vocab of its own.
    db.exec("CREATE VIRTUAL TABLE temp.name_word_vocab USING fts5vocab(main, documents_fts, 'row')");
    const documents = db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
    const bound = Math.min(Math.floor(documents * COMMON_WORD_SHARE), COUNTED_BY_MATCH);
    const capped = db.prepare('SELECT count(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)').pluck();
    const full = db.prepare('SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?').pluck();
    const vocabSql = 'SELECT doc FROM temp.name_word_vocab WHERE term = ?';
    const vocab = db.prepare(vocabSql).pluck();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${vocabSql}`).all('x') as { detail: string }[]).map((r) => r.detail).join('; ');
    const { words } = new Corpus(await createBundledEmbedder(CACHE_DIR), 0);
    const rows: (string | number)[][] = [];
    for (const rank of RANKS) {
      const word = words[rank];
      if (!word) continue;
      const match = quoteTerm(word);
      const cappedCount = best(() => capped.get(match, bound + 1) as number);
      const fullCount = best(() => full.get(match) as number);
      const vocabCount = best(() => (vocab.get(stemKey(word)) as number | undefined) ?? 0);
      rows.push([word, rank, fullCount.value, vocabCount.value, cappedCount.value, cappedCount.ms, fullCount.ms, vocabCount.ms]);
    }
    return [
      {
        title: `A word's document count in a library of ${documents.toLocaleString('en-US')} documents (best of ${PASSES} passes)`,
        columns: ['word', 'rank', 'documents (match)', 'documents (vocabulary)', `capped at ${bound + 1}`, 'capped ms', 'match ms', 'vocabulary ms'],
        rows,
        notes: [
          `vocabulary = ${vocabSql}, by our Porter stem of the word; its plan: ${plan}`,
          'match = count(*) of documents_fts MATCH the quoted word (FTS5 stems it); capped = the same with LIMIT, as search counts it now',
          `load average ${loadavg()[0]?.toFixed(1)} (2 cores, shared)`,
        ],
      },
    ];
  } finally {
    db.close();
  }
}

/** A statement's answer and its fastest time of PASSES (ms). */
function best(read: () => number): { value: number; ms: number } {
  let value = 0;
  let ms = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    const t = performance.now();
    value = read();
    ms = Math.min(ms, performance.now() - t);
  }
  return { value, ms: Number(ms.toFixed(3)) };
}
