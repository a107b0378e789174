// Access control of the web host, one gate for HTTP and the event socket, in this order:
// 1. the Host header names an address we serve (a DNS-rebound page sends its own name);
// 2. a browser page of another origin or site is refused (Origin, Sec-Fetch-Site) before anything counts;
// 3. the run's random token, compared in constant time. Only a request that presents a wrong token counts
//    as a failed attempt, and the limit on those never applies to the right token: a web page that fires
//    image tags at the host cannot lock the user out, and guessing stays limited.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

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

/**
 * A browser page from another origin may not talk to the host. Non-browser clients send neither header;
 * browsers send Origin on fetches and Sec-Fetch-Site on everything, including the `<img>` and `<script>`
 * loads that carry no Origin. A page on another port of the same machine is `same-site`: refused too.
 */
export function originAllowed(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** The host names a request may carry: loopback names and the address (or name) the host is bound to. */
export function servedHostNames(boundHost: string, interfaceAddresses: readonly string[] = []): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  const bound = boundHost.toLowerCase();
  // Bound to every interface: each address of this machine is one we serve (never a name: a rebound
  // name resolves to us too, which is exactly what the check is for).
  if (bound === '0.0.0.0' || bound === '::') for (const address of interfaceAddresses) names.add(address.toLowerCase());
  else names.add(bound);
  return names;
}

/** The Host header names one of `names` (and our port, when it carries one). */
export function hostAllowed(req: IncomingMessage, names: ReadonlySet<string>, port: number): boolean {
  const parsed = parseHostHeader(req.headers.host);
  if (!parsed) return false;
  if (parsed.port !== undefined && parsed.port !== port) return false;
  return names.has(parsed.name);
}

function parseHostHeader(header: string | undefined): { name: string; port?: number } | undefined {
  if (!header) return undefined;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!match) return undefined;
  const raw = match[1]!.toLowerCase();
  const name = raw.startsWith('[') ? raw.slice(1, -1) : raw.replace(/\.$/, '');
  if (raw.startsWith('[') && isIP(name) !== 6) return undefined;
  return match[2] === undefined ? { name } : { name, port: Number(match[2]) };
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

export type AccessDecision = { ok: true } | { ok: false; status: number; message: string };

export interface AccessGate {
  /** The request names a host we serve: checked first, on everything. */
  hostServed(req: IncomingMessage): AccessDecision;
  /** All the checks, for /api and the event socket. */
  check(req: IncomingMessage, url: URL): AccessDecision;
}

export function accessGate(options: { token: string; hostNames: ReadonlySet<string>; port: () => number; limiter?: FailedAttemptLimiter }): AccessGate {
  const limiter = options.limiter ?? new FailedAttemptLimiter();
  const hostServed = (req: IncomingMessage): AccessDecision =>
    hostAllowed(req, options.hostNames, options.port())
      ? { ok: true }
      : { ok: false, status: 403, message: `This host does not serve "${req.headers.host ?? ''}"; open the URL printed by \`pdw serve\`.` };
  return {
    hostServed,
    check(req, url) {
      const host = hostServed(req);
      if (!host.ok) return host;
      if (!originAllowed(req)) return { ok: false, status: 403, message: 'Cross-origin requests are not allowed.' };
      const presented = presentedToken(req, url);
      if (tokenMatches(options.token, presented)) return { ok: true };
      const missing = { ok: false, status: 401, message: 'Missing or wrong access token. Open the URL printed by `pdw serve`.' } as const;
      if (presented === null) return missing;
      const client = req.socket.remoteAddress ?? 'unknown';
      if (limiter.blocked(client)) return { ok: false, status: 429, message: 'Too many wrong access tokens; wait a minute.' };
      limiter.recordFailure(client);
      return missing;
    },
  };
}
