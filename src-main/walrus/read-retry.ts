// Reads are free and idempotent, so a response that breaks after it started (truncated, stalled,
// unparseable) is fetched again. undici's RetryHandler cannot do this itself: it resumes with a Range
// request, which the patch routes do not serve. Stores never come here: a 200 whose body broke may
// already have bought storage.
import { WalrusInvalidResponseError, WalrusNetworkError, WalrusTimeoutError, type WalrusError } from './errors.ts';
import { isRetryableCode, sleep, type RetryBudget } from './retry-policy.ts';

function isBrokenResponse(error: unknown): error is WalrusError {
  if (error instanceof WalrusInvalidResponseError || error instanceof WalrusTimeoutError) return true;
  return error instanceof WalrusNetworkError && isRetryableCode(error.code);
}

export async function retryBrokenReads<T>(budget: RetryBudget, signal: AbortSignal | undefined, read: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await read();
    } catch (error) {
      const delay = isBrokenResponse(error) ? budget.take() : undefined;
      if (delay === undefined) {
        if (error instanceof Error && 'attempts' in error) (error as WalrusError).attempts = budget.attempts;
        throw error;
      }
      await sleep(delay, signal);
    }
  }
}
