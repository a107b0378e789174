import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { makeBigPdf } from '../fixtures/library/pdf.ts';

// The built desktop main, run under plain Node with only the `electron` module stood in for
// (test/e2e/desktop/): its ingest extracts on the worker the build emitted, and opening a search hit
// reaches the shell with the catalog's path.
const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
const DRIVER = fileURLToPath(new URL('./desktop/drive-built-main.ts', import.meta.url));

test('the built desktop main ingests on its extraction worker and opens a hit with the shell', async () => {
  const root = await mkdtemp(join(tmpdir(), 'pdw-desktop-'));
  try {
    const docs = join(root, 'docs');
    await writeDocs(docs);
    const { stdout, stderr } = await promisify(execFile)(NODE, [DRIVER, docs, join(root, 'data')], {
      env: { ...process.env, PDW_CACHE_DIR: join(tmpdir(), 'pdw-e2e-cache'), WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9', WALRUS_AGGREGATOR_URL: 'http://127.0.0.1:9' },
      timeout: 50_000,
    });
    const run = JSON.parse(stdout) as {
      info: { mode: string; capabilities: { openDocument: string } };
      ingest: { state: string; outcome: { outcomes: { path: string; status: string }[] } };
      hit: { path: string };
      opened: unknown;
      shell: { opened: string[]; revealed: string[] };
    };
    expect(run.info).toMatchObject({ mode: 'desktop', capabilities: { openDocument: 'shell' } });
    expect(run.ingest.state).toBe('succeeded');
    expect(run.ingest.outcome.outcomes.map((o) => [o.path, o.status])).toEqual([
      [join(docs, 'bees.txt'), 'ingested'],
      [join(docs, 'orchard.pdf'), 'ingested'],
    ]);
    expect(stderr).not.toContain('extraction worker is missing'); // the build emitted the worker and main found it
    expect(run.hit.path).toBe(join(docs, 'orchard.pdf'));
    expect(run.opened).toEqual({ ok: true, value: { via: 'shell', shown: 'file' } });
    expect(run.shell).toEqual({ opened: [join(docs, 'orchard.pdf')], revealed: [] });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

async function writeDocs(dir: string): Promise<void> {
  await mkdir(dir);
  await writeFile(join(dir, 'orchard.pdf'), makeBigPdf(20));
  await writeFile(join(dir, 'bees.txt'), 'Keeping bees\n\nThe hive swarmed in May.\n');
}
