// Queries of only common words (each in more chunks than the common-term limit) on a kept library: the keyword
// heads' background build with heads up to the limit (before) and up to half the chunks (after), and the keyword
// half of such queries with each — none before; after, the rarest word's stored head, checked against FTS5's own
// ranking of that word, which scoring it anew (the design not taken) pays for in the same run.
//   PDW_BENCH_CHUNKS=100000 PDW_BENCH_KEEP=1 npm run bench library   (prints "kept <folder>")
//   PDW_BENCH_REUSE=<folder> npm run bench common-words
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../src-main/library/catalog.ts';
import { libraryPaths } from '../../src-main/library/library.ts';
import { KeywordHeads, type KeywordHeadsOptions } from '../../src-main/search/keyword-heads.ts';
import { keywordCandidates, tellingTerms } from '../../src-main/search/keyword-search.ts';
import { commonTermLimit } from '../../src-main/search/term-limits.ts';
import { queryTerms, quoteTerm } from '../../src-main/search/terms.ts';
import { benchDocuments, Corpus } from './library.bench.ts';
import type { BenchTable } from './table.ts';
import { EMBEDDER_CACHE } from './vector-corpus.ts';

const CANDIDATES = 50;
const PASSES = 3;

export default async function commonWordsBench(): Promise<BenchTable[]> {
  const kept = process.env.PDW_BENCH_REUSE;
  if (!kept) throw new Error('Set PDW_BENCH_REUSE to a library kept by `PDW_BENCH_KEEP=1 npm run bench library`.');
  const root = await mkdtemp(join(tmpdir(), 'pdw-bench-common-'));
  try {
    // The catalog alone, copied: heads are built into it twice.
    const source = libraryPaths(join(kept, 'data')).catalog;
    const file = join(root, 'catalog.sqlite');
    await copyFile(source, file);
    if (existsSync(`${source}-wal`)) await copyFile(`${source}-wal`, `${file}-wal`);
    const catalog = Catalog.open(file);
    try {
      return [await measure(catalog)];
    } finally {
      catalog.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function measure(catalog: Catalog): Promise<BenchTable> {
  const { documents, chunks } = catalog.counts();
  const embedder = await createBundledEmbedder(EMBEDDER_CACHE);
  const libraryQueries = await benchDocuments(new Corpus(embedder, chunks), documents);
  const limit = commonTermLimit(chunks);
  // The library benchmark's queries with no telling word, and each of their words past the limit alone.
  const onlyCommon = libraryQueries.map(queryTerms).filter((terms) => !tellingTerms(catalog, terms).length);
  const commonWords = [...new Set(onlyCommon.flat())].filter((w) => (catalog.termDocumentCounts([w], limit + 1).get(w) ?? 0) > limit);
  const queries = [...onlyCommon, ...commonWords.map((w) => [w])];
  const rows: (string | number)[][] = [];
  const modes: [string, KeywordHeadsOptions][] = [
    ['heads up to the common-term limit (before)', { commonTerms: false }],
    ['heads up to half the chunks (after)', {}],
  ];
  let after: KeywordHeads | undefined;
  for (const [label, options] of modes) {
    // Forget the heads' state, so that each mode builds every head (the kept heads may be the first mode's).
    for (const key of ['keyword_heads_generation', 'keyword_heads_basis']) catalog.setState(key, '');
    const heads = new KeywordHeads(catalog, options);
    const build = await timedBuild(heads);
    const stored = catalog.db.prepare('SELECT count(*) AS n, sum(length(chunk_ids) + length(scores)) AS bytes FROM keyword_heads').get() as { n: number; bytes: number };
    const half = await timeQueries(queries, (terms) => keywordCandidates(catalog, terms, CANDIDATES, undefined, heads));
    rows.push([label, build.seconds, build.steps, build.over20, build.p99StepMs, build.longestStepMs, stored.n, Number((stored.bytes / 1e6).toFixed(1)), half.answered, half.p50, half.p99]);
    after = heads;
  }
  // What the heads spare: FTS5 scoring the rarest common word of each query anew.
  const rarest = (terms: string[]) => terms.filter((t) => count(catalog, t, chunks) > limit).sort((a, b) => count(catalog, a, chunks) - count(catalog, b, chunks))[0] ?? '';
  const weighted = queries.filter((terms) => count(catalog, rarest(terms), chunks) < chunks / 2);
  const scored = await timeQueries(weighted, (terms) => catalog.keywordSearch(quoteTerm(rarest(terms)), CANDIDATES).map((h) => h.chunkId));
  const agreeing = weighted.filter((terms) => same(keywordCandidates(catalog, terms, CANDIDATES, undefined, after), catalog.keywordSearch(quoteTerm(rarest(terms)), CANDIDATES).map((h) => h.chunkId))).length;
  rows.push(['FTS5 scoring the rarest word anew (not kept)', '–', '–', '–', '–', '–', '–', '–', scored.answered, scored.p50, scored.p99]);
  return {
    title: `Queries of only common words at ${chunks.toLocaleString('en-US')} chunks (common-term limit ${limit.toLocaleString('en-US')} chunks)`,
    columns: ['keyword heads', 'full build s', 'steps', 'steps > 20 ms', 'p99 step ms', 'longest step ms', 'heads', 'MB', 'queries answered', 'keyword half p50 ms', 'p99 ms'],
    rows,
    notes: [
      `queries: the ${onlyCommon.length} of the library benchmark's ${libraryQueries.length} queries with no word under the limit, and their ${commonWords.length} words past it alone (${queries.length} in all; ${weighted.length} with a word in under half the chunks)`,
      'full build = KeywordHeads.refresh on a copy of the kept catalog, every head built anew (the settings differ); a step = a stretch between two pauses, the main thread held',
      `keyword half = keywordCandidates (${CANDIDATES} candidates), percentiles of the best of ${PASSES} passes, term counts cached after the first; answered = queries given any candidate`,
      `after, the keyword half equals FTS5's own top ${CANDIDATES} for the rarest word in ${agreeing} of ${weighted.length} queries`,
    ],
  };
}

async function timedBuild(heads: KeywordHeads): Promise<{ seconds: number; steps: number; over20: number; p99StepMs: number; longestStepMs: number }> {
  const steps: number[] = [];
  let last = performance.now();
  const started = last;
  const outcome = await heads.refresh(async () => {
    steps.push(performance.now() - last);
    await new Promise((resolve) => setImmediate(resolve));
    last = performance.now();
  });
  steps.push(performance.now() - last);
  if (outcome !== 'built') throw new Error(`expected a full build of the keyword heads, got '${outcome}'`);
  steps.sort((a, b) => a - b);
  const ms = (value: number | undefined) => Number((value ?? 0).toFixed(1));
  return {
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    steps: steps.length,
    over20: steps.filter((t) => t > 20).length,
    p99StepMs: ms(steps[Math.floor(steps.length * 0.99)]),
    longestStepMs: ms(steps.at(-1)),
  };
}

async function timeQueries(queries: string[][], run: (terms: string[]) => number[]): Promise<{ answered: number; p50: number; p99: number }> {
  let best = { answered: 0, p50: Infinity, p99: Infinity };
  for (let pass = 0; pass < PASSES; pass++) {
    const times: number[] = [];
    let answered = 0;
    for (const terms of queries) {
      const t = performance.now();
      if (run(terms).length) answered++;
      times.push(performance.now() - t);
      await new Promise((resolve) => setImmediate(resolve));
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => Number((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(3));
    if (at(0.99) < best.p99) best = { answered, p50: at(0.5), p99: at(0.99) };
  }
  return best;
}

function count(catalog: Catalog, word: string, chunks: number): number {
  return catalog.termDocumentCounts([word], chunks + 1).get(word) ?? 0;
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
