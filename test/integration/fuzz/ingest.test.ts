// Fuzzes ingest with files of random and mutated bytes (random binary, truncated and damaged PDFs, HTML
// of random tags, invalid UTF-8): each file gets an outcome — ingested, or failed with a reason — never
// a thrown error, and the catalog stays consistent and searchable.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { makePdf } from '../../fixtures/library/pdf.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const SEED = 0x5eed_0004;
const RUNS = 100;
const PDF = makePdf(['Worker bees collect nectar and turn it into honey.', 'The queen lays eggs.'], 'Bees');
const EXTENSIONS = ['txt', 'md', 'html', 'pdf'] as const;

type FuzzFile = { ext: (typeof EXTENSIONS)[number]; bytes: Uint8Array };

const tag = fc.oneof(
  fc.constantFrom('<p>', '</p>', '<script>', '</script>', '<style>', '<!--', '-->', '<![CDATA[', '<title>', '</title>', '<br/>', '<', '>', '&', '&#x110000;', '&nbsp'),
  fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), fc.boolean()).map(([name, attr, close]) => `<${close ? '/' : ''}${name} a="${attr}">`),
);

const file: fc.Arbitrary<FuzzFile> = fc.oneof(
  fc.record({ ext: fc.constantFrom(...EXTENSIONS), bytes: fc.uint8Array({ maxLength: 4096 }) }),
  fc.nat(PDF.length).map((n) => ({ ext: 'pdf' as const, bytes: PDF.subarray(0, n) })),
  fc.array(fc.tuple(fc.nat(PDF.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
    const bytes = Buffer.from(PDF);
    for (const [at, mask] of flips) bytes[at] = (bytes[at] ?? 0) ^ mask;
    return { ext: 'pdf' as const, bytes };
  }),
  fc.array(fc.oneof(tag, fc.string({ maxLength: 40 })), { maxLength: 200 }).map((parts) => ({ ext: 'html' as const, bytes: Buffer.from(parts.join('')) })),
  fc.tuple(fc.constantFrom('txt', 'md') as fc.Arbitrary<'txt' | 'md'>, fc.string({ maxLength: 500 }), fc.uint8Array({ minLength: 1, maxLength: 32 })).map(([ext, text, junk]) => ({
    ext,
    // Invalid UTF-8: continuation bytes and overlong starts spliced into real text.
    bytes: Buffer.concat([Buffer.from(`bees and honey ${text}`), Buffer.from(junk.map((b) => 0x80 | b)), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80])]),
  })),
);

let root: string;
let library: Library;
let run = 0;
let kept = 0;
let failed = 0;

beforeAll(async () => {
  root = await makeTempDir('pdw-fuzz-ingest-');
  library = await openLibrary({ dataDir: join(root, 'data'), embedder: await bundledEmbedder(), cacheDir: TEST_CACHE_DIR, maxFileBytes: 100_000 });
});

afterAll(async () => {
  await library?.close();
  await rm(root, { recursive: true, force: true });
});

function integrityCheck(path: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check');
  } finally {
    db.close();
  }
}

describe('fuzz: ingest of random and damaged files', () => {
  it('every file gets an outcome, failures say why, and the catalog stays consistent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 4 }), async (files) => {
        const dir = join(root, 'docs', String(run++));
        await mkdir(dir, { recursive: true });
        const paths = files.map((f, i) => join(dir, `f${i}.${f.ext}`));
        await Promise.all(files.map((f, i) => writeFile(paths[i] as string, f.bytes)));

        const summary = await library.ingest(paths);
        expect(summary.cancelled).toBe(false);
        expect(summary.outcomes.map((o) => o.path).sort()).toEqual([...paths].sort());
        for (const outcome of summary.outcomes) {
          expect(['ingested', 'failed']).toContain(outcome.status);
          if (outcome.status === 'failed') expect(outcome.reason, outcome.path).toMatch(/\S/);
          else expect(outcome.documentId).toEqual(expect.any(Number));
        }
        kept += summary.counts.ingested;
        failed += summary.counts.failed;
        expect(library.stats().documents).toBe(kept);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Both branches ran: the generators make files that fail and files that still parse.
    expect([kept > 0, failed > 0]).toEqual([true, true]);
    expect(integrityCheck(library.paths.catalog)).toEqual([{ integrity_check: 'ok' }]);
  });

  it('still ingests a good file and searches afterwards', async () => {
    const good = join(root, 'good.pdf');
    await writeFile(good, makePdf(['Clean the photovoltaic modules and inspect the inverter after storms.'], 'Solar'));
    const summary = await library.ingest([good]);
    expect(summary.counts.ingested).toBe(1);
    const results = await library.search('photovoltaic inverter storms', { k: 3 });
    expect(results.map((r) => r.path)).toContain(good);
    expect(integrityCheck(library.paths.catalog)).toEqual([{ integrity_check: 'ok' }]);
  });
});
