// The "did you write it down?" check after creating a wallet: the user gives the words at a few
// random positions of the phrase main still holds, which shows they kept a copy.
import { randomInt } from 'node:crypto';
import { AppError } from '../../src-shared/contract/index.ts';
import { normalizePhrase, phraseWords } from './keys.ts';

export const CHALLENGE_WORDS = 3;

/** Distinct 1-based positions, ascending, so the user can fill them in reading order. */
export function pickChallengePositions(wordCount: number, count = CHALLENGE_WORDS): number[] {
  const positions = new Set<number>();
  while (positions.size < Math.min(count, wordCount)) positions.add(randomInt(1, wordCount + 1));
  return [...positions].sort((a, b) => a - b);
}

export function checkChallenge(phrase: string, positions: number[], answers: { position: number; word: string }[]): void {
  const words = phraseWords(phrase);
  const given = new Map(answers.map((a) => [a.position, normalizePhrase(a.word)]));
  const missing = positions.filter((p) => !given.has(p));
  if (missing.length) throw new AppError('invalid_input', `Give the words at positions ${missing.join(', ')}.`);
  const wrong = positions.filter((p) => given.get(p) !== words[p - 1]);
  if (wrong.length) {
    throw new AppError('invalid_input', `${wrong.length === 1 ? 'Word' : 'Words'} ${wrong.join(', ')} ${wrong.length === 1 ? 'does' : 'do'} not match your recovery phrase.`);
  }
}
