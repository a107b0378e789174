// A worker inherits the parent's Node flags; those meant for an inline main script must not reach it.
import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../../../src-main/kernel/worker-entries.ts';

describe('workerExecArgv', () => {
  it('drops --input-type and an inline script, keeps every other flag', () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'await import("x")', '--conditions=dev', '--max-old-space-size=512'])).toEqual(['--conditions=dev', '--max-old-space-size=512']);
    expect(workerExecArgv(['--input-type', 'module', '--print', '1+1', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(workerExecArgv(['--experimental-strip-types'])).toEqual(['--experimental-strip-types']);
  });
});
