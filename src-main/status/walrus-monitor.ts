// Watches whether the Walrus publisher and aggregator answer, so the status bar (and later the backup
// outbox) know when Walrus is reachable. A probe is a cheap `GET /status` on both hosts.
import { request } from 'undici';
import type { WalrusStatus } from '../../src-shared/contract/index.ts';
import type { EventBus } from '../kernel/index.ts';

const PROBE_TIMEOUT_MS = 4000;
const SLOW_MS = 1500;

export class WalrusMonitor {
  #status: WalrusStatus;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<WalrusStatus> | undefined;
  readonly #events: EventBus;
  readonly #intervalMs: number;

  constructor(urls: { publisherUrl: string; aggregatorUrl: string }, events: EventBus, intervalMs = 30_000) {
    this.#events = events;
    this.#intervalMs = intervalMs;
    this.#status = { ...urls, state: 'unknown', latencyMs: null, checkedAt: null };
  }

  get status(): WalrusStatus {
    return this.#status;
  }

  setUrls(urls: { publisherUrl: string; aggregatorUrl: string }): void {
    this.#status = { ...urls, state: 'unknown', latencyMs: null, checkedAt: null };
    void this.check();
  }

  start(): void {
    void this.check();
    this.#timer = setInterval(() => void this.check(), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Probes now; concurrent callers share one probe. */
  check(): Promise<WalrusStatus> {
    this.#inFlight ??= this.#probe().finally(() => (this.#inFlight = undefined));
    return this.#inFlight;
  }

  async #probe(): Promise<WalrusStatus> {
    const { publisherUrl, aggregatorUrl } = this.#status;
    const started = performance.now();
    const results = await Promise.all([probe(publisherUrl), probe(aggregatorUrl)]);
    const latencyMs = Math.round(performance.now() - started);
    const failures = results.filter((r) => r !== null);
    const state = failures.length === 2 ? 'unreachable' : failures.length === 1 || latencyMs > SLOW_MS ? 'degraded' : 'reachable';
    const next: WalrusStatus = { publisherUrl, aggregatorUrl, state, latencyMs: failures.length === 2 ? null : latencyMs, checkedAt: new Date().toISOString() };
    if (failures.length) next.message = failures.join('; ');
    const changed = next.state !== this.#status.state || next.message !== this.#status.message;
    // URLs may have changed while probing; only a probe of the current endpoints counts.
    if (publisherUrl !== this.#status.publisherUrl || aggregatorUrl !== this.#status.aggregatorUrl) return this.#status;
    this.#status = next;
    if (changed) this.#events.emit('walrus.status', next);
    return next;
  }
}

/** Returns null when the host answered `/status` with 2xx, else a short reason. */
async function probe(baseUrl: string): Promise<string | null> {
  const url = new URL('/status', baseUrl);
  try {
    const response = await request(url, { method: 'GET', headersTimeout: PROBE_TIMEOUT_MS, bodyTimeout: PROBE_TIMEOUT_MS });
    await response.body.dump();
    return response.statusCode < 300 ? null : `${url.host} answered ${response.statusCode}`;
  } catch (error) {
    const code = (error as { code?: string }).code;
    return `${url.host} unreachable (${code ?? (error as Error).message})`;
  }
}
