// `pdw schedule enable | show | install | disable` as a person (or a provisioning script) runs them: the real
// bin, a local Walrus server at 1000 shards, and `pdw backup` afterwards without any passphrase.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unattendedKeysPath } from '../../../src-main/backup/unattended-keys.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { hasPseudoTerminal, runPdw, runPdwInTerminal, type PdwRun } from '../../helpers/pdw-cli.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { SUI_VECTORS } from '../../unit/wallet/vectors.ts';
import { ingestCorpus } from './backup-fixtures.ts';

const PASSPHRASE = 'a long test passphrase';
let root: string;
let server: WalrusLocal;

beforeAll(async () => {
  await bundledEmbedder();
  root = await makeTempDir('pdw-schedule-cli-');
  server = await startWalrusLocal({ shards: 1000, fsync: false });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

/** `pdw …` on a data dir with no passphrase in the environment unless `env` sets one. */
function pdw(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<PdwRun> {
  const base = { PDW_DATA_DIR: dataDir, PDW_CACHE_DIR: TEST_CACHE_DIR, WALRUS_PUBLISHER_URL: server.url, WALRUS_AGGREGATOR_URL: server.url, PDW_TIMER_DIR: join(dataDir, '..', 'timers') };
  return runPdw(args, { ...base, ...env }, stdin);
}

async function walletWithLibrary(name: string): Promise<string> {
  const dataDir = join(root, name, 'data');
  await ingestCorpus(dataDir, join(root, name, 'docs'));
  const imported = await pdw(dataDir, ['wallet', 'import', '--json'], { PDW_PASSPHRASE: PASSPHRASE }, SUI_VECTORS[0]?.phrase ?? '');
  expect(imported.code, imported.stderr).toBe(0);
  return dataDir;
}

describe('pdw schedule', () => {
  it('enable keeps a key file only with the opt-in; then pdw backup runs without a passphrase; disable removes it all', { timeout: 300_000 }, async () => {
    const dataDir = await walletWithLibrary('cli');
    const keyFile = unattendedKeysPath(dataDir);

    // No terminal and no --yes: explained, nothing changed.
    const refused = await pdw(dataDir, ['schedule', 'enable', '--every', '6h'], { PDW_PASSPHRASE: PASSPHRASE });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Whoever reads that file can decrypt your backups, but cannot spend from the wallet/);
    await expect(stat(keyFile)).rejects.toMatchObject({ code: 'ENOENT' });
    const tooOften = await pdw(dataDir, ['schedule', 'enable', '--every', '2m', '--yes']);
    expect(tooOften.code).toBe(2);
    expect(tooOften.stderr).toMatch(/--every takes a duration from 15m[\s\S]*Usage: pdw schedule enable/);

    const enabled = await pdw(dataDir, ['schedule', 'enable', '--every', '6h', '--yes', '--json'], { PDW_PASSPHRASE: PASSPHRASE });
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(JSON.parse(enabled.stdout)).toMatchObject({ intervalMinutes: 360, unattended: { enabled: true, method: 'key-file' } });
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

    const shown = await pdw(dataDir, ['schedule', 'show', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ intervalMinutes: 360, unattended: { method: 'key-file' }, lastBackup: null, timer: { installed: false } });

    // As the OS timer runs it: locked, no PDW_PASSPHRASE.
    const backup = await pdw(dataDir, ['backup', '--json']);
    expect(backup.code, backup.stderr).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ state: 'complete', uploadedItems: 10 });

    const installed = await pdw(dataDir, ['schedule', 'install', '--json']);
    expect(installed.code, installed.stderr).toBe(0);
    const { files, activated } = JSON.parse(installed.stdout) as { files: string[]; activated: boolean };
    expect(activated).toBe(false); // PDW_TIMER_DIR: written, never registered
    expect(files.map((f) => f.split('.').pop())).toEqual(['service', 'timer']);
    const human = await pdw(dataDir, ['schedule', 'show']);
    expect(human.stdout).toMatch(/Schedule: every 6h/);
    expect(human.stdout).toMatch(/Last backup \(run log\): \S+ — ok/);
    expect(human.stdout).toMatch(/Unattended: yes \(key file /);
    expect(human.stdout).toMatch(/OS timer: installed/);

    const disabled = await pdw(dataDir, ['schedule', 'disable']);
    expect(disabled.code, disabled.stderr).toBe(0);
    await expect(stat(keyFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(join(dataDir, '..', 'timers'))).toEqual([]);

    // Now a backup with a change and no key fails, says what to do, and the run log has it.
    await ingestCorpus(dataDir, join(root, 'cli', 'more'), { 'kites.md': '# Kites\n\nA kite needs steady wind and a long line.\n' });
    const locked = await pdw(dataDir, ['backup']);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/Unlock the wallet or turn on unattended backups: pdw schedule enable/);
    const log = await pdw(dataDir, ['backup', '--log', '--json']);
    expect(JSON.parse(log.stdout).runs[0]).toMatchObject({ kind: 'backup', outcome: 'failed', message: expect.stringMatching(/pdw schedule enable/) });
  });

  it.skipIf(!hasPseudoTerminal)('on a terminal, enable asks for the opt-in and the passphrase once', { timeout: 120_000 }, async () => {
    const dataDir = await walletWithLibrary('tty');
    const env = { PDW_DATA_DIR: dataDir, PDW_CACHE_DIR: TEST_CACHE_DIR };
    const terminal = runPdwInTerminal(['schedule', 'enable', '--every', '1d'], env);
    await terminal.waitFor(/Keep the backup keys in a key file\? \[y\/N\] /);
    terminal.type('y');
    await terminal.waitFor(/Wallet passphrase \(asked once, to derive the backup keys\): $/);
    terminal.type(PASSPHRASE);
    await terminal.waitFor(/Unattended: yes — backup keys in /);
    expect(await terminal.exited).toBe(0);
    expect(terminal.screen).not.toContain(PASSPHRASE);
    expect((await stat(unattendedKeysPath(dataDir))).mode & 0o777).toBe(0o600);
  });
});
