// The wallet handlers behind the contract's own schemas (input parsed, output checked), as the
// dispatcher runs them: the phrase appears in the reply to wallet.create and in no other reply.
import { rm } from 'node:fs/promises';
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walletRequests } from '../../../src-shared/contract/wallet.ts';
import { AppError } from '../../../src-shared/contract/index.ts';
import { chainConfigFor, WAL_COIN_TYPES } from '../../../src-main/wallet/chain-config.ts';
import { createWalletHandlers } from '../../../src-main/wallet/handlers.ts';
import { PassphraseSealer } from '../../../src-main/wallet/passphrase-sealer.ts';
import { WalletService } from '../../../src-main/wallet/wallet-service.ts';
import { startSuiLocal, type SuiLocalServer } from '../../../tools/sui-local/server.ts';
import { MemorySuiSource } from '../../../tools/sui-local/source.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

type Name = keyof typeof walletRequests;
let dataDir: string;
let server: SuiLocalServer;
let wallet: WalletService;
let handlers: ReturnType<typeof createWalletHandlers>;
const source = new MemorySuiSource();

beforeAll(async () => {
  dataDir = await makeTempDir('pdw-wallet-handlers-');
  server = await startSuiLocal({ source });
  wallet = new WalletService({ dataDir, passphraseSealer: new PassphraseSealer({ cost: 2 ** 10 }) });
  await wallet.start();
  handlers = createWalletHandlers({ wallet, chain: () => chainConfigFor({ suiNetwork: 'localnet', suiRpcUrl: server.url }) });
});
afterAll(async () => {
  wallet.stop();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs a request the way the dispatcher does and returns the validated reply as the wire would carry it. */
async function call(name: Name, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; code: string; message: string }> {
  const definition = walletRequests[name];
  const parsed = definition.input.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'invalid_input', message: parsed.error.message };
  try {
    const handler = handlers[name] as (input: unknown, ctx: { transport: 'test' }) => unknown;
    const value = definition.output.parse(await handler(parsed.data, { transport: 'test' }));
    return { ok: true, value };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/**
 * The text a reply carries: its string values, less the contract's own enum values ("phrase", "online" are BIP-39
 * words too). Keys, booleans and numbers are the contract's vocabulary, not text: `true` and `false` are BIP-39 words.
 */
const CONTRACT_VALUES = new Set(['phrase', 'passphrase', 'os', 'privateKey', 'online', 'offline', 'SUI', 'WAL']);
function replyText(value: unknown): string {
  if (typeof value === 'string') return CONTRACT_VALUES.has(value) ? '' : value;
  if (Array.isArray(value)) return value.map(replyText).join('\n');
  if (value && typeof value === 'object') return Object.values(value).map(replyText).join('\n');
  return '';
}

/**
 * An error message is fixed English with BIP-39 words in it ("wallet", "first", even "this device" in a row): it must
 * not carry three phrase words in a row, which none of our messages does by itself, whatever the phrase.
 */
function expectNoPhraseIn(text: string, words: string[], everyWord: boolean): void {
  expect(text).not.toContain(words.join(' '));
  for (let i = 0; i + 2 < words.length; i++) expect(text).not.toMatch(new RegExp(`\\b${words[i]}\\W+${words[i + 1]}\\W+${words[i + 2]}\\b`));
  if (everyWord) for (const word of words) expect(text).not.toMatch(new RegExp(`\\b${word}\\b`));
}

describe('wallet handlers', () => {
  it('walk create → confirm → lock → unlock → balances, and only create carries the phrase', async () => {
    expect(await call('wallet.balances', {})).toMatchObject({ ok: false, code: 'not_found' });
    expect(await call('wallet.create', { words: 13, passphrase: 'pass phrase 1' })).toMatchObject({ ok: false, code: 'invalid_input' });

    const created = await call('wallet.create', { words: 12, passphrase: 'pass phrase 1' });
    if (!created.ok) throw new Error(created.message);
    const { phrase, confirmPositions, address } = created.value as { phrase: string; confirmPositions: number[]; address: string };
    const words = phrase.split(' ');
    source.setBalance(address, '0x2::sui::SUI', 3_000_000_000n);
    source.setBalance(address, WAL_COIN_TYPES.testnet, 1n);

    const replies = [
      await call('wallet.status', {}),
      await call('wallet.confirmBackup', { words: confirmPositions.map((p) => ({ position: p, word: words[p - 1] })) }),
      await call('wallet.lock', {}),
      await call('wallet.unlock', { passphrase: 'wrong one' }),
      await call('wallet.unlock', { passphrase: 'pass phrase 1' }),
      await call('wallet.changePassphrase', { current: 'pass phrase 1', next: 'pass phrase 2' }),
      await call('wallet.balances', {}),
      await call('wallet.import', { secret: phrase, passphrase: 'pass phrase 3' }),
    ];
    expect(replies.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'ok', 'ok', 'unauthorized', 'ok', 'ok', 'ok', 'conflict']);
    for (const reply of replies) {
      if (reply.ok) expectNoPhraseIn(replyText(reply.value), words, true);
      else expectNoPhraseIn(reply.message, words, false);
    }
    expect(replies[1]).toMatchObject({ value: { phraseConfirmed: true } });
    expect(replies[6]).toMatchObject({ value: { state: 'online', sui: { formatted: '3' }, wal: { raw: '1' } } });

    expect(await call('wallet.remove', { confirmAddress: '0x' + '0'.repeat(64), passphrase: 'pass phrase 2' })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await call('wallet.remove', { confirmAddress: address })).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await call('wallet.remove', { confirmAddress: address, passphrase: 'pass phrase 1' })).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await call('wallet.remove', { confirmAddress: address, passphrase: 'pass phrase 2' })).toMatchObject({ ok: true, value: { exists: false } });
  });

  it('a phrase holding the words true and false (JSON literals in every reply) is checked as reliably as any other', async () => {
    const words = ['true', 'false', 'state', 'online', 'raw', 'wallet', 'first', 'phrase', 'zoo', 'abandon', 'address'];
    const bits = words.map((w) => wordlist.indexOf(w).toString(2).padStart(11, '0')).join('').padEnd(128, '0');
    const phrase = entropyToMnemonic(Uint8Array.from({ length: 16 }, (_, i) => parseInt(bits.slice(i * 8, i * 8 + 8), 2)), wordlist);
    expect(await call('wallet.import', { secret: phrase, passphrase: 'pass phrase 1' })).toMatchObject({ ok: true });
    const replies = [await call('wallet.status', {}), await call('wallet.lock', {}), await call('wallet.unlock', { passphrase: 'pass phrase 1' })];
    for (const reply of replies) if (reply.ok) expectNoPhraseIn(replyText(reply.value), phrase.split(' '), true);
    expect(await call('wallet.remove', { confirmAddress: (replies[0] as { value: { address: string } }).value.address, secret: phrase })).toMatchObject({ ok: true });
  });
});
