import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPassphrase, readSecret, type TerminalIo } from '../../../../src-main/cli/commands/wallet-input.ts';
import { renderBalances, renderPhrase, renderStatus } from '../../../../src-main/cli/commands/wallet.ts';
import { withTempDir } from '../../../helpers/temp-dir.ts';
import { errorCode } from '../../wallet/helpers.ts';
import { SUI_VECTORS } from '../../wallet/vectors.ts';

/** Piped (non-terminal) stdin carrying `text`, and a stderr that keeps what was written. */
function pipedIo(text: string): TerminalIo & { written: () => string } {
  let written = '';
  const stderr = new Writable({
    write(chunk, _encoding, callback) {
      written += String(chunk);
      callback();
    },
  });
  return { stdin: Readable.from([Buffer.from(text)]) as unknown as NodeJS.ReadStream, stderr: stderr as unknown as NodeJS.WriteStream, written: () => written };
}

describe('pdw wallet input', () => {
  it('reads the phrase from piped stdin or from --phrase-file, trimmed', async () => {
    expect(await readSecret(undefined, pipedIo(`\n${SUI_VECTORS[0].phrase}\n`))).toBe(SUI_VECTORS[0].phrase);
    await withTempDir(async (dir) => {
      const file = join(dir, 'phrase.txt');
      await writeFile(file, `${SUI_VECTORS[1].privateKey}\n`);
      expect(await readSecret(file, pipedIo('ignored'))).toBe(SUI_VECTORS[1].privateKey);
    });
    expect(await errorCode(readSecret(undefined, pipedIo('  \n')))).toBe('invalid_input');
  });

  it('takes the passphrase from the environment, and refuses to guess without a terminal', async () => {
    const io = pipedIo('');
    expect(await readPassphrase({ env: { PDW_PASSPHRASE: 'from env 123' }, prompt: 'x' }, io)).toBe('from env 123');
    expect(await readPassphrase({ env: { PDW_NEW_PASSPHRASE: 'next one 456' }, variable: 'PDW_NEW_PASSPHRASE', prompt: 'x' }, io)).toBe('next one 456');
    await expect(readPassphrase({ env: {}, prompt: 'x' }, io)).rejects.toThrow(/set PDW_PASSPHRASE/);
    expect(io.written()).toBe('');
  });

  it('renders the phrase numbered, and status and balances for people', () => {
    const text = renderPhrase(SUI_VECTORS[0].address, SUI_VECTORS[0].phrase);
    expect(text).toContain(' 1. film');
    expect(text).toContain('24. firm');
    const status = { exists: true, locked: true, address: SUI_VECTORS[0].address, sealer: 'passphrase' as const, secretKind: 'phrase' as const, phraseConfirmed: false, autoLockMinutes: null };
    expect(renderStatus(status)).toMatch(/not yet confirmed/);
    expect(renderStatus({ ...status, exists: false, address: null })).toMatch(/pdw wallet create/);
    expect(renderBalances({ state: 'offline', reason: 'The Sui RPC at x is unreachable', rpcUrl: 'x', address: 'a', sui: null, wal: null, checkedAt: '' })).toMatch(/^offline: .*unreachable/);
  });
});
