// `pdw wallet create | confirm | import | show | balance | change-passphrase | remove`. Every CLI run
// starts with the wallet locked; commands that need the key take the passphrase from PDW_PASSPHRASE or
// a prompt. The phrase is printed once, by create; import reads it from stdin or a file, and confirm
// its words from the terminal or stdin, never argv.
import type { z } from 'zod';
import { AppError } from '../../../src-shared/contract/index.ts';
import { walletRequests, type WalletBalances, type WalletStatus } from '../../../src-shared/contract/wallet.ts';
import type { PdwApp } from '../../app.ts';
import type { EnvVars } from '../../kernel/index.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliContext, type Command } from '../command.ts';
import { pickChallengePositions } from '../../wallet/index.ts';
import { confirmOnTerminal, parseWordAnswers, type WordAnswer } from './wallet-confirm.ts';
import { passphraseVariables, readAll, readPassphrase, readSecret, type TerminalIo } from './wallet-input.ts';

type WalletRequests = typeof walletRequests;
const SUBCOMMANDS = ['create', 'confirm', 'import', 'show', 'balance', 'change-passphrase', 'remove'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

export const walletCommand: Command = {
  name: 'wallet',
  summary: 'Create or import the Sui wallet that owns your backups; show its address and balances',
  usage: [
    'pdw wallet create [--words 12|24] [--json]        new wallet; prints the recovery phrase once, then',
    '                                                        on a terminal asks 3 of its words to confirm the backup',
    '       pdw wallet confirm [--json]                      confirm the backup: asks 3 words on a terminal, or reads',
    '                                                        "POSITION WORD" lines (at least 3) from stdin',
    '       pdw wallet import [--phrase-file F] [--json]     phrase or suiprivkey from F or stdin',
    '       pdw wallet show [--json]                         address and state',
    '       pdw wallet balance [--json]                      SUI and WAL balances (exit 1 when offline)',
    '       pdw wallet change-passphrase                     PDW_PASSPHRASE → PDW_NEW_PASSPHRASE (or prompts)',
    '       pdw wallet remove --confirm-address 0x… [--phrase-file F] [--accept-unreadable-backups]',
    '                                                        delete the wallet from this device: needs PDW_PASSPHRASE',
    '                                                        (or a prompt), or the recovery phrase from F; while the',
    '                                                        phrase is unconfirmed, also --accept-unreadable-backups',
  ].join('\n'),
  options: {
    words: { type: 'string' },
    'phrase-file': { type: 'string' },
    'confirm-address': { type: 'string' },
    'accept-unreadable-backups': { type: 'boolean' },
  },
  positionals: true,
  async run(ctx, { values, positionals }) {
    const sub = positionals[0] as Subcommand | undefined;
    if (!sub || !SUBCOMMANDS.includes(sub) || positionals.length > 1) {
      console.error(`pdw wallet: expected one of ${SUBCOMMANDS.join(', ')}.\nUsage: ${walletCommand.usage}`);
      return EXIT_USAGE;
    }
    const app = await ctx.openApp({ mode: 'cli' });
    const env = passphraseVariables(app.config.environment);
    const call = <K extends keyof WalletRequests>(name: K, input: z.input<WalletRequests[K]['input']>) => callWallet(app, name, input);
    switch (sub) {
      case 'show':
        return show(ctx, await call('wallet.status', {}));
      case 'balance': {
        const balances = await call('wallet.balances', {});
        ctx.print(balances, () => renderBalances(balances));
        return balances.state === 'online' ? EXIT_OK : EXIT_FAILURE;
      }
      case 'create': {
        const words = values.words === undefined ? 24 : Number(values.words);
        if (words !== 12 && words !== 24) {
          console.error('pdw wallet create: --words is 12 or 24.');
          return EXIT_USAGE;
        }
        await requireNoWallet(app);
        const passphrase = await readPassphrase({ env, prompt: 'New passphrase for the keystore: ', confirm: true });
        const created = await call('wallet.create', { words, passphrase });
        console.error('Write the recovery phrase down and keep it offline. It is shown only this once; anyone who has it owns this wallet and can read your backups.');
        ctx.print({ address: created.address, phrase: created.phrase }, () => renderPhrase(created.address, created.phrase));
        // Scripts (--json, piped stdin) confirm later with `pdw wallet confirm`; a person is asked now.
        if (!ctx.json && process.stdin.isTTY) await confirmOnTerminal(created.confirmPositions, confirmWith(app), terminal());
        return EXIT_OK;
      }
      case 'confirm':
        return confirmBackup(ctx, app, env);
      case 'import': {
        await requireNoWallet(app);
        const secret = await readSecret(typeof values['phrase-file'] === 'string' ? values['phrase-file'] : undefined);
        const passphrase = await readPassphrase({ env, prompt: 'New passphrase for the keystore: ', confirm: true });
        return show(ctx, await call('wallet.import', { secret, passphrase }));
      }
      case 'change-passphrase': {
        const current = await readPassphrase({ env, prompt: 'Current passphrase: ' });
        const next = await readPassphrase({ env, variable: 'PDW_NEW_PASSPHRASE', prompt: 'New passphrase: ', confirm: true });
        return show(ctx, await call('wallet.changePassphrase', { current, next }));
      }
      case 'remove': {
        const confirmAddress = values['confirm-address'];
        if (typeof confirmAddress !== 'string') {
          console.error('pdw wallet remove: pass --confirm-address with the wallet address. Without the recovery phrase the wallet cannot be recovered.');
          return EXIT_USAGE;
        }
        return show(ctx, await call('wallet.remove', { confirmAddress, ...(await removalProof(app, values, env)) }));
      }
    }
  },
};

/** Calls a wallet request through the app's dispatcher (the contract's validation and errors apply). */
export async function callWallet<K extends keyof WalletRequests>(app: PdwApp, name: K, input: z.input<WalletRequests[K]['input']>): Promise<z.output<WalletRequests[K]['output']>> {
  const result = await app.dispatch(name, input, { transport: 'cli' });
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.issues ? { issues: result.error.issues } : undefined);
  return walletRequests[name].output.parse(result.value) as z.output<WalletRequests[K]['output']>;
}

const terminal = (): TerminalIo => ({ stdin: process.stdin, stderr: process.stderr });
const confirmWith = (app: PdwApp) => (words: WordAnswer[]) => callWallet(app, 'wallet.confirmBackup', { words });

/** `pdw wallet confirm`: unlocks, then checks the words from the terminal or from piped stdin. */
async function confirmBackup(ctx: CliContext, app: PdwApp, env: EnvVars): Promise<number> {
  const status = await callWallet(app, 'wallet.status', {});
  if (!status.exists) throw new AppError('not_found', 'There is no wallet on this device yet: create or import one.');
  if (status.secretKind === 'privateKey') throw new AppError('unsupported', 'This wallet was imported from a private key: it has no recovery phrase to confirm.');
  if (status.phraseConfirmed) {
    console.error('The backup of the recovery phrase is already confirmed.');
    return show(ctx, status);
  }
  // Piped words are read before the passphrase, so a malformed input fails before anything is unlocked.
  const piped = process.stdin.isTTY ? undefined : parseWordAnswers(await readAll(process.stdin));
  await callWallet(app, 'wallet.unlock', { passphrase: await readPassphrase({ env, prompt: 'Passphrase: ' }) });
  if (piped) {
    const confirmed = await confirmWith(app)(piped);
    console.error('Backup confirmed.');
    return show(ctx, confirmed);
  }
  // The positions asked at creation are gone in a new process: three among the first twelve fit any phrase.
  if (!(await confirmOnTerminal(pickChallengePositions(12), confirmWith(app), terminal()))) return EXIT_FAILURE;
  return show(ctx, await callWallet(app, 'wallet.status', {}));
}

/**
 * What `pdw wallet remove` proves ownership with: the recovery phrase from --phrase-file, else the passphrase
 * (PDW_PASSPHRASE or a prompt). Refused before asking anything when the phrase is unconfirmed and not accepted as lost.
 */
async function removalProof(app: PdwApp, values: Record<string, unknown>, env: EnvVars): Promise<{ secret: string } | { passphrase: string; acceptUnreadableBackups: boolean }> {
  if (typeof values['phrase-file'] === 'string') return { secret: await readSecret(values['phrase-file']) };
  const acceptUnreadableBackups = values['accept-unreadable-backups'] === true;
  const status = await callWallet(app, 'wallet.status', {});
  if (status.exists && status.secretKind === 'phrase' && !status.phraseConfirmed && !acceptUnreadableBackups) {
    throw new AppError('invalid_input', 'The recovery phrase of this wallet was never confirmed: removing it makes every backup on Walrus unreadable. Confirm it first (pdw wallet confirm), give it with --phrase-file F, or add --accept-unreadable-backups.');
  }
  return { passphrase: await readPassphrase({ env, prompt: 'Passphrase of the wallet to remove: ' }), acceptUnreadableBackups };
}

async function requireNoWallet(app: PdwApp): Promise<void> {
  const status = await callWallet(app, 'wallet.status', {});
  if (status.exists) throw new AppError('conflict', `A wallet already exists here (${status.address}). Remove it first with pdw wallet remove.`);
}

function show(ctx: CliContext, status: WalletStatus): number {
  ctx.print(status, () => renderStatus(status));
  return EXIT_OK;
}

export function renderStatus(status: WalletStatus): string {
  if (!status.exists) return 'No wallet on this device. Create one with pdw wallet create, or import one with pdw wallet import.';
  return [
    `address:   ${status.address}`,
    `protected: ${status.sealer === 'os' ? 'by the system keychain (desktop app)' : 'by a passphrase'}`,
    `secret:    ${status.secretKind === 'phrase' ? 'recovery phrase' : 'private key'}${status.secretKind === 'phrase' && !status.phraseConfirmed ? ' (backup of the phrase not yet confirmed)' : ''}`,
  ].join('\n');
}

export function renderBalances(balances: WalletBalances): string {
  if (balances.state === 'offline') return `offline: ${balances.reason ?? 'the Sui RPC cannot be reached'}`;
  return [`address: ${balances.address}`, `SUI:     ${balances.sui?.formatted ?? '—'}`, `WAL:     ${balances.wal?.formatted ?? '—'}`].join('\n');
}

export function renderPhrase(address: string, phrase: string): string {
  const words = phrase.split(' ');
  const rows = words.map((w, i) => `${String(i + 1).padStart(2)}. ${w}`);
  return [`address: ${address}`, '', 'Recovery phrase:', ...rows].join('\n');
}
