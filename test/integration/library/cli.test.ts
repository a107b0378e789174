// `pdw ingest` and `pdw search` end to end, as a person runs them: the real bin, a fresh data dir.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { BROKEN, GOOD, writeDocs } from './library-fixtures.ts';

const BIN = fileURLToPath(new URL('../../../bin/pdw.js', import.meta.url));
const run = promisify(execFile);
// The library joins the composition root and the CLI registry separately from these commands.

let root: string;
beforeAll(async () => {
  await bundledEmbedder(); // converts the shared vectors once before the CLI processes need them
});
beforeEach(async () => {
  root = await makeTempDir();
  const { 'huge.txt': _huge, ...broken } = BROKEN; // the CLI uses the default size limit
  await writeDocs(join(root, 'docs'), { ...GOOD, ...broken });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function pdw(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, PDW_DATA_DIR: join(root, 'data'), PDW_CACHE_DIR: TEST_CACHE_DIR };
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('pdw ingest and pdw search', () => {
  it('ingests a folder with per-file outcomes and finds the documents again', async () => {
    const ingest = await pdw(['ingest', join(root, 'docs'), '--json']);
    expect(ingest.code).toBe(1); // some files are broken
    const summary = JSON.parse(ingest.stdout) as { counts: Record<string, number>; outcomes: { path: string; status: string }[] };
    expect(summary.counts).toEqual({ ingested: 4, updated: 0, unchanged: 0, failed: 3 });

    const again = await pdw(['ingest', join(root, 'docs', 'garden.md')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('unchanged');

    const search = await pdw(['search', 'photovoltaic inverter', '--k', '2', '--json']);
    expect(search.code).toBe(0);
    const { results } = JSON.parse(search.stdout) as {
      results: { title: string; passages: { chunkId: number; snippet: { text: string; highlight: boolean }[] }[]; explain: { foundBy: string; keyword: { rank: number } | null } }[];
    };
    expect(results[0]?.title).toBe('Solar Panel Care');
    expect(results[0]?.passages[0]?.snippet.filter((s) => s.highlight).map((s) => s.text.toLowerCase())).toContain('photovoltaic');
    expect(results[0]?.explain).toMatchObject({ foundBy: 'both', keyword: { rank: 1 } });
    // The proximity bonus, named: the passage holds both words of the query.
    expect(results[0]?.explain).toMatchObject({ proximity: { coverage: { share: 1 } } });

    const human = await pdw(['search', 'green tea']);
    expect(human.stdout).toMatch(/^1\. Brewing Green Tea {2}\(.*\) {2}\d{4}-\d\d-\d\d\n/);
    expect(human.stdout).not.toContain('Found by');
    const explained = await pdw(['search', 'green tea', '--k', '1', '--explain']);
    expect(explained.stdout.trimEnd().split('\n').at(-1)).toMatch(/^ {3}Found by keywords \(rank 1\), the whole document \(rank \d+\) and meaning \(rank \d+, similarity 0\.\d\d\); query words in its file name \+0\.40 \("tea", 50%\), rank \d+ without them; adjacent query words \+0\.40 \(100% of pairs\), query words held \+0\.30 \(100%\), rank \d+ without them; score \d\.\d{4}$/);
    expect((await pdw(['search'])).code).toBe(2);
  });

  it('says when the folder searched holds no document, and searches a folder that does', async () => {
    expect((await pdw(['ingest', join(root, 'docs', 'garden.md')])).code).toBe(0);
    const nowhere = join(root, 'nope');
    const missing = await pdw(['search', '--folder', nowhere, 'garden']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`pdw search: No document is in ${nowhere}; without --folder, pdw search searches the whole library.\n`);
    const json = await pdw(['search', '--folder', nowhere, 'garden', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const found = await pdw(['search', '--folder', join(root, 'docs'), 'garden']);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^1\. /);
  });

  it('refuses a query longer than search takes, naming the limit', async () => {
    const long = await pdw(['search', 'garden '.repeat(200)]);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('a query takes up to 1000 characters (this one has 1399): shorten it.');
  });

  it('prints file names escaped: a newline or escape sequence in a name cannot fake an output line', async () => {
    const docs = join(root, 'odd');
    const name = 'notes\ningested  passwords.txt (1 chunks)\x1b[2J.txt';
    await writeDocs(docs, { [name]: 'Orchard ledger: apples and pears.\nA second line\x1b[31m in red.' });
    const ingest = await pdw(['ingest', docs]);
    expect(ingest.code).toBe(0);
    const lines = ingest.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      `ingested  ${join(docs, 'notes')}\\ningested  passwords.txt (1 chunks)\\u{1b}[2J.txt (1 chunks)`,
      '1 ingested, 0 updated, 0 unchanged, 0 failed.',
    ]);
    const search = await pdw(['search', 'orchard ledger']);
    expect(search.stdout).not.toContain('\x1b');
    expect(search.stdout.trimEnd().split('\n')).toHaveLength(2);
  });
});
