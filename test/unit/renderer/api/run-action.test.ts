import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../src-renderer/api/api-error.ts';
import { runAction } from '../../../../src-renderer/api/run-action.ts';

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('runAction', () => {
  afterEach(() => vi.restoreAllMocks());

  it('leaves a failed call to the call-failure toast, without an unhandled rejection', async () => {
    const console = vi.spyOn(globalThis.console, 'error').mockImplementation(() => {});
    runAction(Promise.reject(new ApiError({ code: 'unavailable', message: 'Walrus is unreachable.' })));
    await settled();
    expect(console).not.toHaveBeenCalled();
  });

  it('does not hide a bug in the renderer', async () => {
    const console = vi.spyOn(globalThis.console, 'error').mockImplementation(() => {});
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    runAction(Promise.reject(bug));
    await settled();
    expect(console).toHaveBeenCalledWith(bug);
  });
});
