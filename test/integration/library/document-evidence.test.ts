// Whole-document evidence: a person asking for "sourdough starter" means the document about it — titled so,
// its every section about it — more than a diary that mentions both words once, in a short passage that
// plain passage ranking scores highest. Real files, real catalog, the bundled embedder.
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeDocs } from './library-fixtures.ts';

let root: string;
let library: Library;

const QUERY = 'sourdough starter';
const filler = (topic: string) =>
  Array.from({ length: 4 }, (_, i) => `${topic} note ${i + 1}. The kitchen scale, the oven thermometer and a notebook of timings sit on the shelf by the window, and each bake gets a line with the date, the flour and how the crust turned out.`).join('\n\n');

beforeAll(async () => {
  root = await makeTempDir();
  await writeDocs(join(root, 'docs'), {
    'feeding.md': [
      '# Sourdough starter',
      filler('Feeding'),
      'Discard half of the starter before each feeding, then stir in equal weights of flour and water.',
      filler('Keeping'),
      'A starter kept in the fridge needs a feeding once a week and a day at room temperature before baking.',
    ].join('\n\n'),
    'diary.txt': ['Bakery diary', filler('Monday'), 'Sourdough starter!', filler('Tuesday'), filler('Wednesday')].join('\n\n'),
    'bread.txt': ['Rye bread', filler('Rye'), 'Rye flour absorbs more water than wheat flour, so the dough stays sticky.'].join('\n\n'),
  });
  library = await openLibrary({ dataDir: join(root, 'data'), embedder: await bundledEmbedder() });
  await library.ingest([join(root, 'docs')]);
});
afterAll(async () => {
  await library.close();
  await rm(root, { recursive: true, force: true });
});

const search = (options: Parameters<Library['search']>[1]) => library.search(QUERY, { k: 3, ...options });
const passagesOnly = { documentKeywords: { weight: 0, fields: [1, 1, 1] as const } };

describe('whole-document evidence', () => {
  it('ranks the document titled and written about the query above one whose single passage mentions it', async () => {
    // Ranked by passages alone, the diary's short "Sourdough starter!" chunk wins.
    expect((await search({ mode: 'keyword', ...passagesOnly })).map((r) => basename(r.path))[0]).toBe('diary.txt');
    for (const mode of ['keyword', 'hybrid'] as const) {
      const hits = await search({ mode });
      expect(hits.map((r) => basename(r.path)).slice(0, 2)).toEqual(['feeding.md', 'diary.txt']);
      expect(hits[0]?.explain.document).toMatchObject({ rank: 1 });
    }
  });

  it('explains a hit by the whole document and shows the passage that matches', async () => {
    const [top] = await search({ mode: 'hybrid' });
    expect(top?.passages[0]?.snippet.some((s) => s.highlight)).toBe(true);
  });
});
