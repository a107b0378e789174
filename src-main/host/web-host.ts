// The web host (`pdw serve`): the built renderer plus the contract over HTTP — `POST /api/<request>`
// with JSON in and a Result out — and events over a WebSocket at `/api/events`. Loopback by default;
// every /api call needs the run's access token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError, type ErrorCode, type Result } from '../../src-shared/contract/index.ts';
import type { PdwApp } from '../app.ts';
import { documentIdOfFileUrl } from '../library/document-file.ts';
import { sendDocumentFile } from './document-download.ts';
import { createToken, FailedAttemptLimiter, originAllowed, presentedToken, tokenMatches } from './auth.ts';
import { plain, serveStatic } from './static-files.ts';

export interface WebHostOptions {
  app: PdwApp;
  rendererDir: string;
  port?: number;
  host?: string;
  token?: string;
  maxBodyBytes?: number;
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
  locked: 423,
  cancelled: 409,
  unauthorized: 401,
  unavailable: 503,
  remote_error: 502,
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { app } = options;
  const token = options.token ?? createToken();
  const root = resolve(options.rendererDir);
  const maxBody = options.maxBodyBytes ?? 256 * 1024 * 1024;
  const limiter = new FailedAttemptLimiter();
  const sockets = new Set<WebSocket>();

  const authorize = (req: IncomingMessage, res: ServerResponse | null, url: URL): boolean => {
    const client = req.socket.remoteAddress ?? 'unknown';
    if (limiter.blocked(client)) return deny(res, 429, 'Too many failed attempts; wait a minute.'), false;
    if (!originAllowed(req)) return deny(res, 403, 'Cross-origin requests are not allowed.'), false;
    if (!tokenMatches(token, presentedToken(req, url))) {
      limiter.recordFailure(client);
      return deny(res, 401, 'Missing or wrong access token. Open the URL printed by `pdw serve`.'), false;
    }
    return true;
  };

  const server = createServer((req, res) => {
    const url = requestUrl(req.url);
    if (!url) return plain(res, 400, 'Bad request target');
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed');
      void serveStatic(root, url.pathname, res).catch(() => plain(res, 500, 'Could not read the file'));
      return;
    }
    if (!authorize(req, res, url)) return;
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
    readJson(req, maxBody)
      .then((input) => app.dispatch(name, input, { transport: 'http' }))
      .catch((error: unknown) => failure(error instanceof AppError ? error.code : 'invalid_input', (error as Error).message))
      .then((result) => sendResult(res, result));
  });

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
    const client = req.socket.remoteAddress ?? 'unknown';
    if (limiter.blocked(client)) return refuse(429, 'Too Many Requests');
    if (!originAllowed(req)) return refuse(403, 'Forbidden');
    if (!tokenMatches(token, presentedToken(req, url))) {
      limiter.recordFailure(client);
      return refuse(401, 'Unauthorized');
    }
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
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const hostName = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostName}:${address.port}`;
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

function deny(res: ServerResponse | null, status: number, message: string): void {
  if (res) sendResult(res, failure('unauthorized', message), status);
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new AppError('too_large', `The request body exceeds ${maxBytes} bytes.`);
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
