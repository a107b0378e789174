// Ids are base64url, so one in 64 starts with "-": such a positional must reach the command, not the option parser.
import { describe, expect, it, vi } from 'vitest';
import { dashPositionalsLast, main } from '../../../src-main/cli/main.ts';

const OPTIONS = { json: { type: 'boolean' }, path: { type: 'string' }, help: { type: 'boolean', short: 'h' } };

describe('positionals that start with a dash', () => {
  it('moves every positional after "--", in order, when one starts with a dash', () => {
    expect(dashPositionalsLast(['ls', '-Qx9_a', '--json', '--path', 'notes'], OPTIONS, true)).toEqual(['--json', '--path', 'notes', '--', 'ls', '-Qx9_a']);
    expect(dashPositionalsLast(['diff', '-Aa', 'Bb', '--path=x'], OPTIONS, true)).toEqual(['--path=x', '--', 'diff', '-Aa', 'Bb']);
  });

  it('leaves arguments alone otherwise', () => {
    const plain = ['ls', 'Qx9_a', '--json', '-h'];
    expect(dashPositionalsLast(plain, OPTIONS, true)).toBe(plain);
    const terminated = ['ls', '--', '-Qx9_a'];
    expect(dashPositionalsLast(terminated, OPTIONS, true)).toBe(terminated);
    const noPositionals = ['-Qx9_a'];
    expect(dashPositionalsLast(noPositionals, OPTIONS, false)).toBe(noPositionals);
  });

  it('keeps an unknown --option an option, so the parser still names it', () => {
    expect(dashPositionalsLast(['ls', '-Qx', '--colour'], OPTIONS, true)).toEqual(['--colour', '--', 'ls', '-Qx']);
  });

  it('pdw snapshot ls with an id starting with a dash is no usage error', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await main(['snapshot', 'ls', '-QkR2Zb1wXq', '--help'])).toBe(0);
      expect(error).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
