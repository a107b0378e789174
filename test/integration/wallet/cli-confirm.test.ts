// Confirming the phrase backup from the command line: on a real terminal right after `pdw wallet create`
// (wrong words, retry, skip) and with `pdw wallet confirm`, and with the words piped on stdin.
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { hasPseudoTerminal, runPdw, runPdwInTerminal, type PdwTerminal } from '../../helpers/pdw-cli.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { SUI_VECTORS } from '../../unit/wallet/vectors.ts';

const PASSPHRASE = { PDW_PASSPHRASE: 'cli confirm passphrase' };
const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await makeTempDir('pdw-cli-confirm-');
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const wrong = (word: string) => (word === 'zoo' ? 'abandon' : 'zoo');

async function phraseConfirmed(dir: string): Promise<boolean> {
  const shown = await runPdw(['wallet', 'show', '--json', '--data-dir', dir]);
  return (JSON.parse(shown.stdout) as { phraseConfirmed: boolean }).phraseConfirmed;
}

/** Answers the three "Word #N:" prompts of one round with `answer(N)`; `from`: where on the screen the round starts. */
async function answerRound(terminal: PdwTerminal, answer: (position: number) => string, from = terminal.screen.length): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const screen = await terminal.waitFor(/Word #\d+: $/, from);
    const position = Number(/Word #(\d+): $/.exec(screen)![1]);
    from = screen.length;
    terminal.type(answer(position));
  }
}

describe.skipIf(!hasPseudoTerminal)('pdw wallet create on a terminal', () => {
  it('asks the words at the positions main chose, lets a wrong answer retry, and confirms the backup', async () => {
    const dir = await freshDir();
    const terminal = runPdwInTerminal(['wallet', 'create', '--words', '12', '--data-dir', dir], PASSPHRASE);
    const screen = await terminal.waitFor(/Word #\d+: $/);
    const words = [...screen.matchAll(/^\s*(\d+)\. ([a-z]+)\r?$/gm)].map((m) => m[2]!);
    expect(words).toHaveLength(12);
    const asked = /positions (\d+), (\d+), (\d+) of your recovery phrase/.exec(screen)!.slice(1).map(Number);
    await answerRound(terminal, (position) => (position === asked[0] ? wrong(words[position - 1]!) : words[position - 1]!), 0);
    await answerRound(terminal, (position) => words[position - 1]!);
    expect(terminal.screen).toMatch(/Word #(\d+): \r?\nWord #\d+: \r?\nWord #\d+: \r?\nWord \1 does not match your recovery phrase\. Try again/);
    await terminal.waitFor(/Backup confirmed\./);
    expect(await terminal.exited).toBe(0);
    // What was typed is not echoed: nothing follows a prompt on its line. (Counting the words on the screen
    // would also count them inside other text: "art" in "start".)
    expect(terminal.screen).toMatch(/Word #\d+: /);
    expect(terminal.screen).not.toMatch(/Word #\d+: *[^\s]/);
    expect(await phraseConfirmed(dir)).toBe(true);
  });

  it('lets the user skip, then confirm later with pdw wallet confirm on a terminal', async () => {
    const dir = await freshDir();
    const created = runPdwInTerminal(['wallet', 'create', '--words', '12', '--data-dir', dir], PASSPHRASE);
    const screen = await created.waitFor(/Word #\d+: $/);
    const words = [...screen.matchAll(/^\s*(\d+)\. ([a-z]+)\r?$/gm)].map((m) => m[2]!);
    created.type('');
    await created.waitFor(/Skipped\. The backup stays unconfirmed until you run: pdw wallet confirm/);
    expect(await created.exited).toBe(0);
    expect(await phraseConfirmed(dir)).toBe(false);

    const later = runPdwInTerminal(['wallet', 'confirm', '--data-dir', dir], PASSPHRASE);
    await answerRound(later, (position) => {
      expect(position).toBeLessThanOrEqual(12);
      return words[position - 1]!;
    });
    await later.waitFor(/Backup confirmed\./);
    expect(await later.exited).toBe(0);
    expect(await phraseConfirmed(dir)).toBe(true);
  });

  it('stops asking after three wrong rounds and leaves the backup unconfirmed', async () => {
    const dir = await freshDir();
    const terminal = runPdwInTerminal(['wallet', 'create', '--words', '12', '--data-dir', dir], PASSPHRASE);
    for (let round = 0; round < 3; round++) await answerRound(terminal, () => 'zzz');
    await terminal.waitFor(/Not confirmed; check your copy and run: pdw wallet confirm/);
    expect(await terminal.exited).toBe(0);
    expect(await phraseConfirmed(dir)).toBe(false);
  });
});

describe('pdw wallet confirm with piped words', () => {
  it('refuses wrong, missing, malformed and argv words, then confirms with "POSITION WORD" lines', async () => {
    const dir = await freshDir();
    const created = await runPdw(['wallet', 'create', '--words', '24', '--json', '--data-dir', dir], PASSPHRASE);
    expect(created.code).toBe(0);
    const words = (JSON.parse(created.stdout) as { phrase: string }).phrase.split(' ');
    const lines = (positions: number[], word = (p: number) => words[p - 1]!) => positions.map((p) => `${p} ${word(p)}\n`).join('');
    const confirm = (stdin: string, env: NodeJS.ProcessEnv = PASSPHRASE, extra: string[] = []) => runPdw(['wallet', 'confirm', ...extra, '--data-dir', dir], env, stdin);

    const mismatch = await confirm(lines([3, 7]) + `20 ${wrong(words[19]!)}\n`);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/Word 20 does not match your recovery phrase/);

    const tooFew = await confirm(lines([3, 7]));
    expect(tooFew.code).toBe(1);
    expect(tooFew.stderr).toMatch(/at least three words/);

    const malformed = await confirm(`3 ${words[2]}\n${words[6]} 7\n`);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/Line 2 of stdin is not "POSITION WORD"/);
    expect(malformed.stderr).not.toContain(words[6]!);

    const empty = await confirm('\n');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/No words given/);

    const noPassphrase = await confirm(lines([3, 7, 11]), {});
    expect(noPassphrase.code).toBe(1);
    expect(noPassphrase.stderr).toMatch(/set PDW_PASSPHRASE/);

    const wrongPassphrase = await confirm(lines([3, 7, 11]), { PDW_PASSPHRASE: 'not the passphrase' });
    expect(wrongPassphrase.code).toBe(1);
    expect(wrongPassphrase.stderr).toMatch(/Wrong passphrase/);

    const inArgv = await runPdw(['wallet', 'confirm', '3', words[2]!, '--data-dir', dir], PASSPHRASE);
    expect(inArgv.code).toBe(2);
    expect(await phraseConfirmed(dir)).toBe(false);

    // Case and the separators "3." / "3:" do not matter; blank lines are skipped.
    const confirmed = await confirm(`3. ${words[2]!.toUpperCase()}\n\n7: ${words[6]}\n24 ${words[23]}\n`, PASSPHRASE, ['--json']);
    expect(confirmed.code).toBe(0);
    expect(JSON.parse(confirmed.stdout)).toMatchObject({ phraseConfirmed: true });
    const again = await confirm('');
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already confirmed/);
  });

  it('says a wallet from a private key has no phrase to confirm, and that there is no wallet', async () => {
    const dir = await freshDir();
    expect((await runPdw(['wallet', 'confirm', '--data-dir', dir], PASSPHRASE, '3 word\n')).stderr).toMatch(/no wallet on this device/);
    expect((await runPdw(['wallet', 'import', '--data-dir', dir], PASSPHRASE, SUI_VECTORS[0].privateKey)).code).toBe(0);
    const refused = await runPdw(['wallet', 'confirm', '--data-dir', dir], PASSPHRASE, '3 word\n');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/imported from a private key/);
  });
});
