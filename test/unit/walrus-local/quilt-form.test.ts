import { describe, expect, it } from 'vitest';
import { validateIdentifier } from '../../../src-main/walrus-local/quilt-form.ts';
import { HttpError } from '../../../src-main/walrus-local/reply.ts';

function rejection(identifier: string): string | undefined {
  try {
    validateIdentifier(identifier);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).reply.status).toBe(400);
    return (error as HttpError).message;
  }
}

describe('quilt patch identifiers', () => {
  it('accepts names people use', () => {
    for (const ok of ['a', 'notes-2024.txt', 'dir/file name.md', 'ü-unicode', 'x'.repeat(65_535), 'trailing.dot.']) {
      expect(rejection(ok), ok.slice(0, 20)).toBeUndefined();
    }
  });

  it('rejects what makes a patch unreadable or collides with the form', () => {
    expect(rejection('')).toMatch(/empty/);
    expect(rejection('x'.repeat(65_536))).toMatch(/longer than 65535/);
    expect(rejection('é'.repeat(32_768))).toMatch(/longer than/); // counted in UTF-8 bytes
    expect(rejection('bell\u0007')).toMatch(/control/);
    expect(rejection('line\nbreak')).toMatch(/control/);
    expect(rejection('name ')).toMatch(/whitespace/);
    expect(rejection('name\u00a0')).toMatch(/whitespace/);
    expect(rejection('_metadata')).toMatch(/reserved/);
    expect(rejection('_hidden')).toMatch(/reserved/);
  });
});
