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
const TRAY_DRIVER = fileURLToPath(new URL('./desktop/drive-tray.ts', import.meta.url));

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

test('the built desktop main lives in the tray: closing the window keeps it running and "Back up now" starts a backup', async () => {
  const root = await mkdtemp(join(tmpdir(), 'pdw-desktop-tray-'));
  try {
    const { stdout } = await promisify(execFile)(NODE, [TRAY_DRIVER, join(root, 'data')], {
      env: { ...process.env, PDW_CACHE_DIR: join(tmpdir(), 'pdw-e2e-cache'), WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9', WALRUS_AGGREGATOR_URL: 'http://127.0.0.1:9' },
      timeout: 50_000,
    });
    const run = JSON.parse(stdout) as {
      firstMenu: string[];
      tooltip: string;
      loginItems: { openAtLogin: boolean; openAsHidden: boolean; args: string[] }[];
      afterClose: { quits: number; windows: number; notifications: { title: string }[] };
      windowsOpened: number;
      runs: { kind: string; outcome: string }[];
      notifications: { title: string }[];
      quits: number;
    };
    expect(run.firstMenu).toEqual([
      'Automatic backups are off [disabled]',
      'Last backup: never [disabled]',
      'Next backup: not scheduled [disabled]',
      'Back up now',
      'Pause backups [disabled]',
      'Open Personal Data Wallet',
      'Quit',
    ]);
    // Launch at login: off by default, then on once the setting changes, always hidden in the tray.
    expect(run.loginItems).toEqual([
      { openAtLogin: false, openAsHidden: true, args: ['--hidden'] },
      { openAtLogin: true, openAsHidden: true, args: ['--hidden'] },
    ]);
    expect(run.afterClose).toEqual({ quits: 0, windows: 0, notifications: [expect.objectContaining({ title: 'Personal Data Wallet is still running' })] });
    // The tray's "Back up now" ran a real backup job: Walrus is unreachable here, so it waits in the outbox.
    expect(run.runs).toHaveLength(1);
    expect(run.runs[0]).toMatchObject({ kind: 'backup', outcome: 'pending' });
    expect(run.windowsOpened).toBe(2); // "Open" brought a new window, served by IPC again
    expect(run.notifications).toHaveLength(1); // said once, not at every close
    expect(run.quits).toBe(1); // "Quit" in the tray menu
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

async function writeDocs(dir: string): Promise<void> {
  await mkdir(dir);
  await writeFile(join(dir, 'orchard.pdf'), makeBigPdf(20));
  await writeFile(join(dir, 'bees.txt'), 'Keeping bees\n\nThe hive swarmed in May.\n');
}
