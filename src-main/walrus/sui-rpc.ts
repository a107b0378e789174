// A minimal Sui JSON-RPC 2.0 client: one POST per call, a timeout, replies checked with zod.
// Failures become contract errors: 'unavailable' when the node cannot be reached, 'remote_error'
// when it answers with an error or a reply we cannot read.
import type { z } from 'zod';
import { AppError } from '../../src-shared/contract/index.ts';

export interface SuiRpcOptions {
  url: string;
  timeoutMs?: number;
}

let nextId = 1;

export async function suiRpcCall<T extends z.ZodType>(options: SuiRpcOptions, method: string, params: unknown[], schema: T): Promise<z.output<T>> {
  const { url, timeoutMs = 10_000 } = options;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new AppError('unavailable', `The Sui RPC at ${url} is unreachable (${describeFetchError(error)}).`, { cause: error });
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    throw new AppError(response.status >= 500 ? 'unavailable' : 'remote_error', `The Sui RPC at ${url} answered HTTP ${response.status} to ${method}.`);
  }
  let body: { result?: unknown; error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new AppError('remote_error', `The Sui RPC at ${url} sent a reply to ${method} that is not JSON.`);
  }
  if (body.error) throw new AppError('remote_error', `Sui RPC ${method} failed: ${String(body.error.message ?? 'unknown error')} (code ${String(body.error.code)}).`);
  const parsed = schema.safeParse(body.result);
  if (!parsed.success) throw new AppError('remote_error', `The Sui RPC's reply to ${method} has an unexpected shape.`);
  return parsed.data;
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
