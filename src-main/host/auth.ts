// Access control of the web host: a random token per run, constant-time comparison, an Origin check
// against cross-site pages, and a limit on failed attempts so the token cannot be guessed.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return url.searchParams.get('token');
}

export function tokenMatches(expected: string, presented: string | null): boolean {
  if (presented === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A browser page from another site may not talk to the host; non-browser clients send no Origin. */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

export class FailedAttemptLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #max: number;
  readonly #windowMs: number;

  constructor(max = 20, windowMs = 60_000) {
    this.#max = max;
    this.#windowMs = windowMs;
  }

  blocked(client: string, now = Date.now()): boolean {
    return this.#recent(client, now).length >= this.#max;
  }

  recordFailure(client: string, now = Date.now()): void {
    const recent = this.#recent(client, now);
    recent.push(now);
    this.#failures.set(client, recent);
  }

  #recent(client: string, now: number): number[] {
    const recent = (this.#failures.get(client) ?? []).filter((t) => now - t < this.#windowMs);
    if (recent.length === 0) this.#failures.delete(client);
    return recent;
  }
}
