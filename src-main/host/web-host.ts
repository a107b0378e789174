// The web host (`pdw serve`): the built renderer plus the contract over HTTP — `POST /api/<request>`
// with JSON in and a Result out — and events over a WebSocket at `/api/events`. Loopback by default
// (beyond it only over TLS or when the user insists, see listen-policy.ts); every request must name a
// host we serve and every /api call needs the run's access token (auth.ts). Bodies are capped per request
// and requests in flight are capped, so no client can make the host hold unbounded memory.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError, type ErrorCode, type Result } from '../../src-shared/contract/index.ts';
import type { PdwApp } from '../app.ts';
import { documentIdOfFileUrl } from '../library/index.ts';
import { sendDocumentFile } from './document-download.ts';
import { accessGate, createToken, servedHostNames } from './auth.ts';
import { bodyLimitFor, BODY_LIMITS, DEFAULT_BODY_LIMIT } from './body-limits.ts';
import { checkListenPolicy } from './listen-policy.ts';
import { plain, serveStatic } from './static-files.ts';

export interface WebHostOptions {
  app: PdwApp;
  rendererDir: string;
  port?: number;
  host?: string;
  token?: string;
  /** Body limits by request name, and for every other request (default body-limits.ts). */
  bodyLimits?: { byRequest?: Readonly<Record<string, number>>; default?: number };
  /** HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Plain HTTP beyond loopback: only when the user asked for it. */
  insecureNetwork?: boolean;
  /** Requests handled at once; more get 503 with Retry-After. */
  maxInFlight?: number;
  /** Of those, requests allowed a body over the default limit (uploads): each may hold hundreds of MiB. */
  maxLargeInFlight?: number;
  /** Event sockets open at once. */
  maxSockets?: number;
}

export interface WebHost {
  url: string;
  /** The URL to open: carries the token so the page can authenticate. */
  openUrl: string;
  token: string;
  close(): Promise<void>;
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  unknown_request: 404,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 422,
  locked: 423,
  cancelled: 409,
  unauthorized: 401,
  unavailable: 503,
  remote_error: 502,
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { app } = options;
  const bindHost = options.host ?? '127.0.0.1';
  checkListenPolicy(bindHost, { tls: options.tls !== undefined, insecureNetwork: options.insecureNetwork === true });
  const token = options.token ?? createToken();
  const root = resolve(options.rendererDir);
  const bodyLimits = options.bodyLimits?.byRequest ?? BODY_LIMITS;
  const defaultBodyLimit = options.bodyLimits?.default ?? DEFAULT_BODY_LIMIT;
  const maxInFlight = options.maxInFlight ?? 128;
  const maxLargeInFlight = options.maxLargeInFlight ?? 2;
  const maxSockets = options.maxSockets ?? 32;
  let largeInFlight = 0;
  const sockets = new Set<WebSocket>();
  let inFlight = 0;
  let port = 0;
  const gate = accessGate({ token, hostNames: servedHostNames(bindHost, localAddresses()), port: () => port });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req.url);
    if (!url) return plain(res, 400, 'Bad request target');
    const host = gate.hostServed(req);
    if (!host.ok) return deny(res, host.status, host.message);
    // The renderer's files are public (a link from another site may open the app); the API is not.
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed');
      void serveStatic(root, url.pathname, res).catch(() => plain(res, 500, 'Could not read the file'));
      return;
    }
    const access = gate.check(req, url);
    if (!access.ok) return deny(res, access.status, access.message);
    const documentId = documentIdOfFileUrl(url.pathname);
    if (documentId !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      sendDocumentFile(app, documentId, res, req.method === 'HEAD').catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        sendResult(res, failure(error instanceof AppError ? error.code : 'internal', error instanceof Error ? error.message : String(error)));
      });
      return;
    }
    if (req.method !== 'POST') return sendResult(res, failure('invalid_input', 'Requests are sent with POST.'), 405);
    const name = url.pathname.slice('/api/'.length);
    const bodyLimit = bodyLimitFor(name, bodyLimits, defaultBodyLimit);
    if (bodyLimit > defaultBodyLimit) {
      if (largeInFlight >= maxLargeInFlight) return busy(res, `${maxLargeInFlight} uploads are in progress`);
      largeInFlight++;
      res.once('close', () => largeInFlight--);
    }
    readJson(req, res, bodyLimit)
      .then((input) => app.dispatch(name, input, { transport: 'http' }))
      .catch((error: unknown) => failure(error instanceof AppError ? error.code : 'invalid_input', (error as Error).message))
      .then((result) => sendResult(res, result));
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (inFlight >= maxInFlight) return busy(res, `${maxInFlight} requests are in progress`);
    inFlight++;
    res.once('close', () => inFlight--);
    handle(req, res);
  };
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createHttpServer(listener);

  // Idle keep-alive connections are closed by a timer. After the event loop was busy for a while (a large
  // document's index update runs in one piece), timers run before pending reads, so Node's 5 s default
  // closed connections on which the UI had already sent its next poll: the client saw ECONNRESET.
  server.keepAliveTimeout = 65_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req.url);
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!url) return refuse(400, 'Bad Request');
    if (url.pathname !== '/api/events') return refuse(404, 'Not Found');
    const access = gate.check(req, url);
    if (!access.ok) return refuse(access.status, REASONS[access.status] ?? 'Forbidden');
    if (sockets.size >= maxSockets) return refuse(503, 'Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', () => ws.send(JSON.stringify({ error: 'The event socket only sends; make requests with POST /api/<name>.' })));
    });
  });
  const unsubscribe = app.events.subscribe((event) => {
    const frame = JSON.stringify(event);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  port = address.port;
  const hostName = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${hostName}:${address.port}`;
  return {
    url,
    openUrl: `${url}/?token=${token}`,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/**
 * The request target as a URL. Prefixing the origin keeps it a path: new URL('//x', base) would read x as
 * a host, and throws on '//' — inside the request listener, an uncaught exception that ends the process.
 */
function requestUrl(target = '/'): URL | undefined {
  try {
    return new URL(`http://localhost${target.startsWith('/') ? '' : '/'}${target}`);
  } catch {
    return undefined;
  }
}

const REASONS: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 429: 'Too Many Requests' };

/** This machine's addresses: what a browser on the network may name when the host listens on all of them. */
function localAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address));
}

function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function sendResult(res: ServerResponse, result: Result<unknown>, status?: number): void {
  const body = JSON.stringify(result);
  res.writeHead(status ?? (result.ok ? 200 : (STATUS_BY_CODE[result.error.code] ?? 500)), {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

function busy(res: ServerResponse, why: string): void {
  res.setHeader('Retry-After', '1');
  deny(res, 503, `The host is busy (${why}); try again in a moment.`, 'unavailable');
}

function deny(res: ServerResponse, status: number, message: string, code: ErrorCode = 'unauthorized'): void {
  sendResult(res, failure(code, message), status);
}

async function readJson(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<unknown> {
  const tooLarge = () => new AppError('too_large', `The request body exceeds ${maxBytes} bytes, the most this request takes.`);
  // Refused before reading when the length is declared; the connection closes after the answer so the
  // unread rest of the body is never taken in.
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    closeAfterReply(req, res);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      closeAfterReply(req, res);
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    // Fatal decoding: a lossy one would turn invalid bytes into U+FFFD and act on text the client never sent.
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
  } catch (error) {
    throw new AppError('invalid_input', `The request body is not valid UTF-8 JSON: ${(error as Error).message}`);
  }
}

/** Stops taking in the request's body; the reply still goes out, then the connection ends. */
function closeAfterReply(req: IncomingMessage, res: ServerResponse): void {
  req.pause();
  res.setHeader('Connection', 'close');
}
