// `pdw search-quality` with the real bin on a real catalog (text from /usr/share/doc): the table and its
// verdict, the typed outcome with --json, and a clear usage error.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchQualityOutcomeSchema } from '../../../src-shared/contract/library.ts';
import { copyDebianDocs } from '../../fixtures/library/debian-docs.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { runPdw } from '../../helpers/pdw-cli.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

let root: string;
const pdw = (...args: string[]) => runPdw(args, { PDW_DATA_DIR: join(root, 'data'), PDW_CACHE_DIR: TEST_CACHE_DIR });

beforeAll(async () => {
  root = await makeTempDir();
  await bundledEmbedder(); // converts the shared vectors once before the CLI processes need them
  await copyDebianDocs(join(root, 'docs'), 20);
  expect((await pdw('ingest', join(root, 'docs'), '--json')).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pdw search-quality', () => {
  it('prints MRR and recall@10 per search mode with what they mean', async () => {
    const { code, stdout } = await pdw('search-quality', '--documents', '15');
    expect(code).toBe(0);
    expect(stdout).toContain('Embedding model: wink-sg-100d-sif@2 (100 dimensions)');
    expect(stdout).toMatch(/Keywords only\s+\d\.\d{3}\s+\d\.\d{3}/);
    expect(stdout).toMatch(/Meaning only \(embedding model\)\s+\d\.\d{3}\s+\d\.\d{3}/);
    expect(stdout).toMatch(/Hybrid \(what search uses\)\s+\d\.\d{3}\s+\d\.\d{3}/);
    expect(stdout).toMatch(/15 queries from \d+ of 20 documents/);
    expect(stdout).toMatch(/For example:\n {2}".+" → /);
  }, 120_000);

  it('prints the typed outcome with --json', async () => {
    const { code, stdout } = await pdw('search-quality', '--documents', '10', '--json');
    expect(code).toBe(0);
    const outcome = searchQualityOutcomeSchema.parse(JSON.parse(stdout));
    expect(outcome).toMatchObject({ libraryDocuments: 20, queries: 10 });
    expect(outcome.keyword.recallAt10).toBeGreaterThan(0.5);
  }, 120_000);

  it('refuses a sample size it cannot use', async () => {
    const { code, stderr } = await pdw('search-quality', '--documents', '5');
    expect(code).toBe(2);
    expect(stderr).toContain('--documents must be a whole number from 10 to 1000');
  });
});
