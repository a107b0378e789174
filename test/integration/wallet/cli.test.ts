// `pdw wallet` end to end in child processes: the phrase goes in on stdin and never through argv.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keystorePath } from '../../../src-main/wallet/keystore-file.ts';
import { WAL_COIN_TYPES } from '../../../src-main/wallet/chain-config.ts';
import { startSuiLocal, type SuiLocalServer } from '../../../tools/sui-local/server.ts';
import { MemorySuiSource } from '../../../tools/sui-local/source.ts';
import { runPdw as pdw } from '../../helpers/pdw-cli.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { SUI_VECTORS } from '../../unit/wallet/vectors.ts';

let sui: SuiLocalServer;
let dirs: string[] = [];
const source = new MemorySuiSource();
beforeAll(async () => {
  sui = await startSuiLocal({ source });
  source.setBalance(SUI_VECTORS[0].address, '0x2::sui::SUI', 2_000_000_000n);
  source.setBalance(SUI_VECTORS[0].address, WAL_COIN_TYPES.testnet, 500_000_000n);
  dirs = [await makeTempDir('pdw-cli-wallet-'), await makeTempDir('pdw-cli-wallet-')];
});
afterAll(async () => {
  await sui.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('pdw wallet', () => {
  it('imports from stdin, shows the address, reads balances, and refuses a second wallet', async () => {
    const [dir] = dirs as [string];
    const env = { PDW_PASSPHRASE: 'cli passphrase', SUI_NETWORK: 'localnet', SUI_RPC_URL: sui.url };
    const imported = await pdw(['wallet', 'import', '--json', '--data-dir', dir], env, `${SUI_VECTORS[0].phrase}\n`);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ exists: true, address: SUI_VECTORS[0].address });

    const shown = await pdw(['wallet', 'show', '--json', '--data-dir', dir], {});
    expect(JSON.parse(shown.stdout).address).toBe(SUI_VECTORS[0].address);

    const balance = await pdw(['wallet', 'balance', '--json', '--data-dir', dir], env);
    expect(JSON.parse(balance.stdout)).toMatchObject({ state: 'online', sui: { formatted: '2' }, wal: { formatted: '0.5' } });
    const offline = await pdw(['wallet', 'balance', '--data-dir', dir], { SUI_RPC_URL: 'http://127.0.0.1:9' });
    expect(offline.code).toBe(1);
    expect(offline.stdout).toMatch(/^offline: .*unreachable/);

    const again = await pdw(['wallet', 'create', '--json', '--data-dir', dir], env);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('creates a wallet and prints the phrase once, with the warning on stderr; no passphrase, no wallet', async () => {
    const [, dir] = dirs as [string, string];
    const refused = await pdw(['wallet', 'create', '--data-dir', dir], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/set PDW_PASSPHRASE/);

    const created = await pdw(['wallet', 'create', '--words', '12', '--json', '--data-dir', dir], { PDW_PASSPHRASE: 'cli passphrase' });
    expect(created.code).toBe(0);
    const { address, phrase } = JSON.parse(created.stdout) as { address: string; phrase: string };
    expect(phrase.split(' ')).toHaveLength(12);
    expect(created.stderr).toMatch(/shown only this once/);
    expect(await readFile(keystorePath(dir), 'utf8')).not.toContain(phrase);
    const shown = await pdw(['wallet', 'show', '--json', '--data-dir', dir], {});
    expect(shown.stdout).not.toContain(phrase.split(' ').slice(0, 2).join(' '));
    expect(JSON.parse(shown.stdout)).toMatchObject({ address, phraseConfirmed: false });

    // Unconfirmed: the passphrase alone does not remove it (the backups would become unreadable); the phrase does.
    const remove = ['wallet', 'remove', '--json', '--data-dir', dir, '--confirm-address', address];
    const refused2 = await pdw(remove, { PDW_PASSPHRASE: 'cli passphrase' });
    expect(JSON.parse(refused2.stdout)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('--accept-unreadable-backups') } });
    const phraseFile = join(dir, 'phrase.txt');
    await writeFile(phraseFile, `${phrase}\n`);
    expect(JSON.parse((await pdw([...remove, '--phrase-file', phraseFile], {})).stdout)).toMatchObject({ exists: false });
  });

  it('removes the imported wallet only with its passphrase, not with the address alone', async () => {
    const [dir] = dirs as [string];
    const remove = ['wallet', 'remove', '--json', '--data-dir', dir, '--confirm-address', SUI_VECTORS[0].address];
    const noPassphrase = await pdw(remove, {});
    expect(noPassphrase.code).toBe(1);
    expect(JSON.parse(noPassphrase.stdout)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/set PDW_PASSPHRASE/) } });
    expect(JSON.parse((await pdw(remove, { PDW_PASSPHRASE: 'not it' })).stdout)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(JSON.parse((await pdw(remove, { PDW_PASSPHRASE: 'cli passphrase' })).stdout)).toMatchObject({ exists: false });
  });
});
