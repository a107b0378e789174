import { describe, expect, it } from 'vitest';
import { afterSuccess, autoDismissMs, failureTitle, MAX_TOASTS, withToast, type Toast } from '../../../../src-renderer/stores/toast-list.ts';

const error = (id: number, request?: Toast['request']): Toast => ({ id, kind: 'error', title: 't', message: `m${id}`, request });
const info = (id: number): Toast => ({ id, kind: 'info', title: 't', message: `m${id}` });

describe('toast lifecycle', () => {
  it('keeps an error until a success of the same request clears it', () => {
    let toasts = withToast([], error(1, 'wallet.confirmBackup'));
    toasts = withToast(toasts, error(2, 'backup.run'));
    expect(autoDismissMs(toasts[0]!)).toBeUndefined();
    toasts = afterSuccess(toasts, 'wallet.confirmBackup');
    expect(toasts.map((t) => t.id)).toEqual([2]);
    expect(afterSuccess(toasts, 'settings.get')).toBe(toasts);
  });

  it('replaces an earlier failure of the same request instead of stacking it', () => {
    let toasts = withToast([], error(1, 'backup.run'));
    toasts = withToast(toasts, info(2));
    toasts = withToast(toasts, error(3, 'backup.run'));
    expect(toasts.map((t) => t.id)).toEqual([2, 3]);
  });

  it('lets information go by itself and keeps at most the newest few', () => {
    expect(autoDismissMs(info(1))).toBeGreaterThan(0);
    let toasts: Toast[] = [];
    for (let id = 1; id <= MAX_TOASTS + 2; id++) toasts = withToast(toasts, info(id));
    expect(toasts.map((t) => t.id)).toEqual([3, 4, 5, 6]);
  });

  it('titles a failure in the user\'s words, never with the request name', () => {
    expect(failureTitle('wallet.confirmBackup')).toBe("Couldn't confirm the phrase backup");
    for (const request of ['backup.run', 'library.ingestUpload', 'search.query'] as const) expect(failureTitle(request)).not.toMatch(/\./);
  });
});
