// Confirming the recovery-phrase backup from the command line: asked word by word on a terminal
// (no echo, retry or skip), or read from stdin as "POSITION WORD" lines. Never from argv.
import { AppError } from '../../../src-shared/contract/index.ts';
import type { WalletStatus } from '../../../src-shared/contract/wallet.ts';
import { promptHidden, type TerminalIo } from './wallet-input.ts';

export interface WordAnswer {
  position: number;
  word: string;
}

/** How many times a terminal user may get the words wrong before we stop asking. */
export const CONFIRM_ATTEMPTS = 3;
const ANSWER_LINE = /^(\d{1,2})(?:\s*[.:=]\s*|\s+)([A-Za-z]+)$/;

/**
 * Answers from piped text: one "POSITION WORD" pair per line (`3 apple`, `3. apple`, `3: apple`, `3=apple`), blank lines
 * ignored. A malformed line is refused by its number only: it may hold a word of the phrase.
 */
export function parseWordAnswers(text: string): WordAnswer[] {
  const answers: WordAnswer[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const match = ANSWER_LINE.exec(line);
    if (!match) throw new AppError('invalid_input', `Line ${index + 1} of stdin is not "POSITION WORD" (for example "3 apple").`);
    answers.push({ position: Number(match[1]), word: match[2]! });
  });
  if (!answers.length) throw new AppError('invalid_input', 'No words given: pipe "POSITION WORD" lines on stdin, at least three (for example "3 apple").');
  return answers;
}

/**
 * Asks for the words at `positions` on the terminal until `confirm` accepts them, the user leaves a word empty
 * (skip), or CONFIRM_ATTEMPTS wrong tries. True when the backup is confirmed.
 */
export async function confirmOnTerminal(positions: number[], confirm: (answers: WordAnswer[]) => Promise<WalletStatus>, io: TerminalIo): Promise<boolean> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  say(`Confirm your backup: type the words at positions ${positions.join(', ')} of your recovery phrase (they are not shown).`);
  say('Leave a word empty to skip; you can confirm later with: pdw wallet confirm');
  for (let attempt = 1; attempt <= CONFIRM_ATTEMPTS; attempt++) {
    const answers: WordAnswer[] = [];
    for (const position of positions) {
      const word = (await promptHidden(`Word #${position}: `, io)).trim();
      if (!word) {
        say('Skipped. The backup stays unconfirmed until you run: pdw wallet confirm');
        return false;
      }
      answers.push({ position, word });
    }
    try {
      await confirm(answers);
      say('Backup confirmed.');
      return true;
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
      say(attempt < CONFIRM_ATTEMPTS ? `${error.message} Try again (or leave a word empty to skip).` : `${error.message} Not confirmed; check your copy and run: pdw wallet confirm`);
    }
  }
  return false;
}
