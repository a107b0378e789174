// Opening a document's original file through the app as the desktop renderer does: main finds the file
// in the catalog (the renderer sends only the id) and hands it to the shell. Real app, real catalog,
// real files; the test double stands only where Electron's shell would be.
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../src-shared/contract/index.ts';
import { createApp, type AppOptions, type PdwApp } from '../../../src-main/app.ts';
import { shellOpener } from '../../../src-main/electron/shell-opener.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { GOOD, writeDocs } from './library-fixtures.ts';

let root: string;
let docs: string;
let app: PdwApp | undefined;
let opened: string[];
let revealed: string[];
let shellAnswer: string;

beforeAll(async () => {
  await bundledEmbedder(); // converts the word vectors into the shared test cache once
});
beforeEach(async () => {
  root = await makeTempDir();
  docs = join(root, 'docs');
  await writeDocs(docs, GOOD);
  opened = [];
  revealed = [];
  shellAnswer = '';
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await rm(root, { recursive: true, force: true });
});

/** Electron's shell: openPath answers '' on success, else the reason it could not open the file. */
const fakeShell = {
  openPath: async (path: string) => {
    opened.push(path);
    return shellAnswer;
  },
  showItemInFolder: (path: string) => void revealed.push(path),
};

async function start(options: Partial<AppOptions> = {}): Promise<PdwApp> {
  app = await createApp({ mode: 'desktop', dataDir: join(root, 'data'), env: { PDW_CACHE_DIR: TEST_CACHE_DIR }, log: silentLogger, walrusProbeIntervalMs: 0, ...options });
  await app.start();
  return app;
}

async function call(name: string, input: unknown): Promise<Result<unknown>> {
  return app!.dispatch(name, input, { transport: 'ipc' });
}

/** Ingests the docs folder, or the files named (as `pdw ingest` would), and returns document ids by file name. */
async function ingestDocs(paths = [docs]): Promise<Record<string, number>> {
  const started = (await app!.dispatch('library.ingest', { paths }, { transport: 'cli' })) as Result<{ jobId: string }>;
  if (!started.ok) throw new Error(started.error.message);
  for (;;) {
    const result = (await call('job.result', { jobId: started.value.jobId })) as Result<{ state: string; outcome?: { outcomes: { path: string; documentId?: number }[] } }>;
    if (result.ok && result.value.state !== 'running') {
      return Object.fromEntries((result.value.outcome?.outcomes ?? []).map((o) => [o.path.slice(docs.length + 1), o.documentId ?? -1]));
    }
    await sleep(20);
  }
}

describe('library.openDocument', () => {
  it('opens the catalog path of the document with the default app, from an id alone', async () => {
    await start({ fileShell: shellOpener(fakeShell) });
    const ids = await ingestDocs();
    expect(await call('app.info', {})).toMatchObject({ ok: true, value: { capabilities: { openDocument: 'shell' } } });
    expect(await call('library.openDocument', { documentId: ids['solar.pdf'] })).toEqual({ ok: true, value: { via: 'shell', shown: 'file' } });
    expect(opened).toEqual([join(docs, 'solar.pdf')]);
    // The request carries an id only: a path in its place is refused before any handler runs.
    expect(await call('library.openDocument', { documentId: ids['solar.pdf'], path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(opened).toHaveLength(1);
  });

  it('shows a file that could run as a program in its folder instead of opening it', async () => {
    await start({ fileShell: shellOpener(fakeShell) });
    const files = { 'backup.sh': '#!/bin/sh\nrm -rf ~/Documents\n', 'tool.js': 'require("child_process").exec("calc")\n', NOTES: 'Plain notes without a name ending.\n', deploy: '#!/bin/sh\necho deploy\n' };
    await writeDocs(docs, files);
    await chmod(join(docs, 'deploy'), 0o755);
    const ids = await ingestDocs(Object.keys(files).map((name) => join(docs, name)));
    const shown = async (name: string) => ((await call('library.openDocument', { documentId: ids[name] })) as Result<{ shown: string }>);
    expect(await shown('backup.sh')).toEqual({ ok: true, value: { via: 'shell', shown: 'folder' } });
    expect(await shown('tool.js')).toEqual({ ok: true, value: { via: 'shell', shown: 'folder' } });
    expect(await shown('deploy')).toEqual({ ok: true, value: { via: 'shell', shown: 'folder' } });
    expect(await shown('NOTES')).toEqual({ ok: true, value: { via: 'shell', shown: 'file' } });
    expect(revealed).toEqual(['backup.sh', 'tool.js', 'deploy'].map((name) => join(docs, name)));
    expect(opened).toEqual([join(docs, 'NOTES')]);
  });

  it('says so when the file is gone from disk, or the id is unknown, without calling the shell', async () => {
    await start({ fileShell: shellOpener(fakeShell) });
    const ids = await ingestDocs();
    await rm(join(docs, 'tea.html'));
    expect(await call('library.openDocument', { documentId: ids['tea.html'] })).toEqual({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/^tea\.html is no longer at .*tea\.html: it was moved or deleted\./) },
    });
    expect(await call('library.openDocument', { documentId: 987_654 })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'No document with id 987654 in the library.' } });
    expect(opened).toEqual([]);
  });

  it("passes on the shell's refusal as a readable error", async () => {
    await start({ fileShell: shellOpener(fakeShell) });
    const ids = await ingestDocs();
    shellAnswer = 'No application is associated with the file';
    expect(await call('library.openDocument', { documentId: ids['garden.md'] })).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'The system could not open garden.md: No application is associated with the file' },
    });
  });

  it('offers a download in the web host, and refuses where there is neither shell nor web host', async () => {
    await start({ mode: 'web' });
    const ids = await ingestDocs();
    expect(await call('library.openDocument', { documentId: ids['bees.txt'] })).toEqual({
      ok: true,
      value: { via: 'download', url: `/api/documents/${ids['bees.txt']}/file`, fileName: 'bees.txt' },
    });
    await app!.stop();
    await start({ mode: 'cli' });
    expect(await call('app.info', {})).toMatchObject({ ok: true, value: { capabilities: { openDocument: null } } });
    expect(await call('library.openDocument', { documentId: ids['bees.txt'] })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });
});
