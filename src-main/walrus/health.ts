// Two probes: `ping` (GET /status on both hosts: free, no retries) and `healthCheck` (store a tiny
// blob and read it back: proves the write and read paths end to end).
import { storeBlob, retrieveBlob } from './blob-ops.ts';
import type { ClientContext } from './context.ts';
import type { WalrusHost } from './errors.ts';
import { RetryBudget } from './retry-policy.ts';

export interface HostPing {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface PingResult {
  ok: boolean;
  publisher: HostPing;
  aggregator: HostPing;
}

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface HealthReport {
  status: HealthStatus;
  /** Store plus read-back, in ms. */
  latencyMs: number;
  storeMs?: number;
  readMs?: number;
  blobId?: string;
  /** What made the report less than healthy. */
  issue?: string;
}

export interface HealthCheckOptions {
  /** Above this round trip the report is `degraded`; default 5000 ms. */
  slowMs?: number;
  signal?: AbortSignal;
}

/**
 * Fixed bytes stored as a permanent blob: after the first check the publisher answers
 * `alreadyCertified` while it is stored, so repeated checks do not buy storage again.
 */
const PROBE = new TextEncoder().encode('pdw health check v1');

async function pingHost(ctx: ClientContext, host: WalrusHost, signal?: AbortSignal): Promise<HostPing> {
  const started = performance.now();
  try {
    const response = await ctx.http.send({ host, method: 'GET', path: '/status', budget: new RetryBudget({ ...ctx.retry, retries: 0 }), signal });
    await response.body.dump();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

export async function ping(ctx: ClientContext, signal?: AbortSignal): Promise<PingResult> {
  const [publisher, aggregator] = await Promise.all([pingHost(ctx, 'publisher', signal), pingHost(ctx, 'aggregator', signal)]);
  return { ok: publisher.ok && aggregator.ok, publisher, aggregator };
}

export async function healthCheck(ctx: ClientContext, options: HealthCheckOptions = {}): Promise<HealthReport> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let blobId: string;
  try {
    blobId = (await storeBlob(ctx, PROBE, { epochs: 1, permanent: true, signal: options.signal })).blobId;
  } catch (error) {
    return { status: 'unhealthy', latencyMs: elapsed(), issue: `store failed: ${(error as Error).message}` };
  }
  const storeMs = elapsed();
  try {
    const data = await retrieveBlob(ctx, blobId, { signal: options.signal });
    const readMs = elapsed() - storeMs;
    const latencyMs = elapsed();
    if (Buffer.compare(Buffer.from(data), Buffer.from(PROBE)) !== 0) {
      return { status: 'degraded', latencyMs, storeMs, readMs, blobId, issue: 'read-back differs from what was stored' };
    }
    const slow = latencyMs > (options.slowMs ?? 5000);
    return { status: slow ? 'degraded' : 'healthy', latencyMs, storeMs, readMs, blobId, ...(slow ? { issue: `slow: ${latencyMs} ms` } : {}) };
  } catch (error) {
    return { status: 'degraded', latencyMs: elapsed(), storeMs, blobId, issue: `read-back failed: ${(error as Error).message}` };
  }
}
