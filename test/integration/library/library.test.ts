import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { BROKEN, GOOD, savedGraphBase, writeDocs } from './library-fixtures.ts';

let embedder: WordVectorEmbedder;
let root: string;
let docs: string;
let library: Library | undefined;

beforeAll(async () => {
  embedder = await bundledEmbedder();
});
beforeEach(async () => {
  root = await makeTempDir();
  docs = join(root, 'docs');
  await writeDocs(docs, { ...GOOD, ...BROKEN, '.hidden.txt': 'secret' });
});
afterEach(async () => {
  await library?.close();
  library = undefined;
  await rm(root, { recursive: true, force: true });
});

const open = async () => (library = await openLibrary({ dataDir: join(root, 'data'), embedder, maxFileBytes: 100_000 }));
const byName = (outcomes: { path: string; status: string; reason?: string }[]) =>
  Object.fromEntries(outcomes.map((o) => [o.path.slice(docs.length + 1), o.reason ? `${o.status}: ${o.reason}` : o.status]));
const rendered = (r: { passages: { snippet: { text: string; highlight: boolean }[] }[] }) => (r.passages[0]?.snippet ?? []).map((s) => (s.highlight ? `[${s.text}]` : s.text)).join('');

describe('library ingest and search', () => {
  it('ingests a mixed folder: each broken file fails alone with its reason', async () => {
    const lib = await open();
    const progress: number[] = [];
    const summary = await lib.ingest([docs], { onProgress: (p) => progress.push(p.done) });
    expect(byName(summary.outcomes)).toEqual({
      'bees.txt': 'ingested',
      'broken.pdf': expect.stringMatching(/^failed: broken PDF/),
      'empty.txt': 'failed: empty file',
      'garden.md': 'ingested',
      'huge.txt': expect.stringMatching(/^failed: too large \(0\.1 MB; the limit is 0\.1 MB\)/),
      'photo.md': 'failed: unsupported binary file (image/png)',
      'solar.pdf': 'ingested',
      'tea.html': 'ingested',
    });
    expect(summary.counts).toEqual({ ingested: 4, updated: 0, unchanged: 0, failed: 4 });
    expect(progress.at(-1)).toBe(8);
    const stats = lib.stats();
    expect(stats).toMatchObject({ documents: 4, byType: { pdf: 1, html: 1, markdown: 1, text: 1 }, needsReembed: false });
    expect(stats.vectors).toBe(stats.chunks);
    const titles = lib.documents().documents.map((d) => d.title);
    expect(titles).toEqual(['Keeping bees', 'Vegetable garden', 'Solar Panel Care', 'Brewing Green Tea']);
  });

  it('finds documents by words with highlights and by meaning without shared words', async () => {
    const lib = await open();
    await lib.ingest([docs]);
    const [pdfHit] = await lib.search('photovoltaic inverter', { k: 3 });
    expect(pdfHit?.title).toBe('Solar Panel Care');
    expect(rendered(pdfHit!)).toContain('[photovoltaic]');
    expect(rendered(pdfHit!)).toContain('[inverter]');
    const [meaning] = await lib.search('insects making honey', { k: 1, mode: 'vector' });
    expect(meaning?.title).toBe('Keeping bees');
    expect(meaning?.explain).toMatchObject({ foundBy: 'vector', keyword: null, vector: { rank: 1 } });
    const [keyword] = await lib.search('tomatoes', { k: 1, mode: 'keyword' });
    expect(keyword?.title).toBe('Vegetable garden');
    expect(keyword?.explain).toMatchObject({ foundBy: 'keyword', keyword: { rank: 1 }, vector: null });
    expect(await lib.search('tomatoes', { mode: 'keyword', filter: { types: ['pdf', 'html'] } })).toEqual([]);
    expect((await lib.search('tea', { filter: { folder: join(root, 'elsewhere') } })).length).toBe(0);
  });

  it('makes unchanged re-ingest free, replaces an edited file, and removes vanished ones', async () => {
    const lib = await open();
    await lib.ingest([docs]);
    const again = await lib.ingest([docs]);
    expect(again.counts).toMatchObject({ unchanged: 4, ingested: 0, updated: 0 });
    const before = lib.document(lib.documents({ text: 'garden' }).documents[0]!.id);

    await writeFile(join(docs, 'garden.md'), '# Vegetable garden\n\nPumpkins sprawl; give them room and compost.\n');
    const edited = await lib.ingest([join(docs, 'garden.md')]);
    expect(edited.outcomes[0]).toMatchObject({ status: 'updated', documentId: expect.any(Number) });
    const after = lib.document(edited.outcomes[0]!.documentId!);
    expect(after.chunks.map((c) => c.text).join(' ')).toContain('Pumpkins');
    expect(after.chunks.some((c) => before.chunks.some((b) => b.id === c.id))).toBe(false);
    expect(await lib.search('tomatoes', { mode: 'keyword' })).toEqual([]);
    expect((await lib.search('pumpkins compost'))[0]?.title).toBe('Vegetable garden');

    await rm(join(docs, 'bees.txt'));
    expect(await lib.removeMissing()).toEqual([join(docs, 'bees.txt')]);
    expect((await lib.search('honey nectar hive')).some((r) => r.title === 'Keeping bees')).toBe(false);
    expect(lib.stats()).toMatchObject({ documents: 3 });
    expect(lib.stats().vectors).toBe(lib.stats().chunks);
  });

  it('leaves a consistent library when an ingest is cancelled midway', async () => {
    const many = join(root, 'many');
    await writeDocs(many, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`note-${String(i).padStart(2, '0')}.txt`, `Note ${i}. ${'Meeting minutes about the budget and the roadmap. '.repeat(30)}`])));
    let lib = await open();
    const controller = new AbortController();
    const summary = await lib.ingest([many], {
      signal: controller.signal,
      onProgress: (p) => (p.read ?? p.done) >= 7 && controller.abort(), // read, not yet all saved: a cancel midway
    });
    expect(summary.cancelled).toBe(true);
    const ingested = summary.counts.ingested;
    expect(ingested).toBeGreaterThanOrEqual(7);
    expect(ingested).toBeLessThan(40);
    const check = (l: Library) => {
      const { documents, total } = l.documents({ limit: 500 });
      expect(total).toBe(ingested);
      for (const d of documents) expect(l.document(d.id).chunks).toHaveLength(d.chunkCount);
      expect(l.stats().vectors).toBe(l.stats().chunks);
    };
    check(lib);
    await lib.close();
    lib = await open();
    check(lib);
    const rest = await lib.ingest([many]);
    expect(rest.counts).toEqual({ ingested: 40 - ingested, unchanged: ingested, updated: 0, failed: 0 });
  });

  it('rebuilds the vector index from the catalog when it is missing or corrupt, and catches a stale one up', async () => {
    let lib = await open();
    await lib.ingest([docs]);
    const expected = (await lib.search('green tea leaves')).map((r) => r.documentId);
    const vectors = lib.stats().vectors;
    await lib.close();
    const libDir = join(root, 'data', 'library');
    expect((await readdir(libDir)).sort()).toEqual(expect.arrayContaining(['catalog.sqlite', 'index.json']));

    await rm(await savedGraphBase(join(root, 'data')));
    lib = await open();
    expect(lib.stats().vectors).toBe(vectors);
    expect((await lib.search('green tea leaves')).map((r) => r.documentId)).toEqual(expected);
    await lib.close();

    await writeFile(await savedGraphBase(join(root, 'data')), 'garbage');
    lib = await open();
    expect((await lib.search('green tea leaves', { mode: 'vector' }))[0]?.title).toBe('Brewing Green Tea');
    await lib.close();

    // A change the saved index never saw (as after a crash between commit and save): caught up once read.
    const catalog = Catalog.open(join(libDir, 'catalog.sqlite'));
    catalog.removeDocuments([catalog.documentByPath(join(docs, 'tea.html'))!.id]);
    catalog.close();
    lib = await open();
    await lib.settle();
    expect(lib.stats().vectors).toBe(lib.stats().chunks);
    expect((await lib.search('green tea leaves', { mode: 'vector' })).some((r) => r.title === 'Brewing Green Tea')).toBe(false);
  });
});

describe('library index ownership', () => {
  it('rebuilds a saved index that another embedder built', async () => {
    let lib = await open();
    await lib.ingest([docs]);
    await lib.close();
    const metaFile = join(root, 'data', 'library', 'index.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as { embedderId: string };
    await writeFile(metaFile, JSON.stringify({ ...meta, embedderId: 'someone-else' }));
    lib = await open();
    expect((await lib.search('green tea leaves', { mode: 'vector' }))[0]?.title).toBe('Brewing Green Tea');
    expect((JSON.parse(await readFile(metaFile, 'utf8')) as { embedderId: string }).embedderId).toBe(embedder.id);
  });
});
