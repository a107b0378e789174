// A folder of real documents (and some broken ones) to ingest, written fresh for each test.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { libraryPaths } from '../../../src-main/library/library-options.ts';
import { basePathFor, metaPathFor, type IndexMeta } from '../../../src-main/vector/index-file.ts';
import { makePdf } from '../../fixtures/library/pdf.ts';

export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082', 'hex');

export const GOOD = {
  'solar.pdf': makePdf(['Cleaning photovoltaic modules twice a year keeps their output high.', 'Inspect the inverter for warning lights after storms.'], 'Solar Panel Care'),
  'tea.html': '<!doctype html><html><head><title>Brewing Green Tea</title></head><body><h1>Green tea</h1><p>Steep the leaves in water at 80 degrees for two minutes; boiling water makes it bitter.</p></body></html>',
  'garden.md': '# Vegetable garden\n\nSow beans and peas in early spring. Tomatoes need a sunny spot and regular watering.\n',
  'bees.txt': 'Keeping bees\n\nThe colony lives in the hive. Worker bees collect nectar from flowers and turn it into honey, while the queen lays eggs.\n',
} as const;

export const BROKEN = {
  'photo.md': PNG,
  'empty.txt': '',
  'broken.pdf': makePdf(['never readable']).subarray(0, 80),
  'huge.txt': 'word '.repeat(30_000),
} as const;

export async function writeDocs(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
}

/** The saved graph's base file, as its description names it (index.hnsw, or a base written since: index.base-*.hnsw). */
export async function savedGraphBase(dataDir: string): Promise<string> {
  const { index } = libraryPaths(dataDir);
  return basePathFor(index, JSON.parse(await readFile(metaPathFor(index), 'utf8')) as IndexMeta);
}
