// Reading "POSITION WORD" answers for `pdw wallet confirm` from piped text.
import { describe, expect, it } from 'vitest';
import { parseWordAnswers } from '../../../../src-main/cli/commands/wallet-confirm.ts';
import { errorCode } from '../../wallet/helpers.ts';

describe('parseWordAnswers', () => {
  it('reads one pair a line, with ".", ":" or "=" after the position, CRLF and blank lines allowed', () => {
    expect(parseWordAnswers('3 apple\r\n\n  7. Banana  \n11: cherry\n24=zoo')).toEqual([
      { position: 3, word: 'apple' },
      { position: 7, word: 'Banana' },
      { position: 11, word: 'cherry' },
      { position: 24, word: 'zoo' },
    ]);
  });

  it('refuses a malformed line by its number, without repeating what it holds', () => {
    for (const text of ['3 apple\napple 7\n', '3 apple\n7\n', '3 apple\n7 two words\n', '3 apple\n123 zoo\n']) {
      expect(() => parseWordAnswers(text)).toThrow(/^Line 2 of stdin is not "POSITION WORD"/);
    }
    expect(() => parseWordAnswers('1 abandon\nsecretword 2')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secretword') }));
  });

  it('refuses empty input', async () => {
    expect(await errorCode(() => parseWordAnswers(' \n\n'))).toBe('invalid_input');
  });
});
