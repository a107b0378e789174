// The HTTP front: routes each request, applies faults (down, latency, error, reset, truncate, corrupt),
// turns thrown errors into official error replies and logs what happened. Closing it waits for the requests
// being handled, so none of them reaches the store after its owner has closed it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSuiRpcHandler } from './sui-rpc/handler.ts';
import { ADMIN_PREFIX, handleAdmin } from './admin.ts';
import type { ServerContext } from './context.ts';
import type { TerminalFault } from './faults.ts';
import { PayloadTooLargeError } from './payloads.ts';
import { HttpError, statusReply, textReply, type Reply } from './reply.ts';
import type { RequestLog } from './request-log.ts';
import { writeReply, type BodyFault } from './respond.ts';
import { matchRoute } from './routes.ts';

/** The client went away before its request's body arrived: there is no one left to answer. */
class RequestAborted extends Error {
  constructor() {
    super('request aborted');
  }
}

export interface WalrusHttpServer {
  readonly server: Server;
  /**
   * Stops listening and drops every connection (clients see it close), ends fault latencies early, and
   * resolves once every request already being handled has finished: after it, nothing touches the store.
   */
  close(): Promise<void>;
}

export function createWalrusServer(ctx: ServerContext, log: RequestLog): WalrusHttpServer {
  // The few Sui JSON-RPC methods PDW needs (balances, owned blob objects, the Walrus staking state)
  // answered on `POST /`, from the blob objects this server created, its clock and its shard count.
  const suiRpc = createSuiRpcHandler({
    listBlobObjects: (owner) => ctx.store.listObjectsByOwner(owner),
    getObject: (id) => ctx.store.getObject(id),
    balances: () => ({}),
    walrusState: () => {
      const epoch = ctx.clock.currentEpoch();
      return {
        epoch,
        nShards: ctx.shards,
        epochDurationMs: ctx.clock.epochSeconds * 1000,
        firstEpochStartMs: ctx.clock.epochStartMs(1),
        epochStartMs: ctx.clock.epochStartMs(epoch),
      };
    },
  });
  const closing = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    if (req.method === 'POST' && (req.url === '/' || req.url === '')) return suiRpc(req, res);
    const handled: Promise<void> = handle(ctx, log, req, res, closing.signal)
      .catch((error: unknown) => {
        console.error('walrus-local: unexpected failure', error);
        res.destroy();
      })
      .finally(() => inFlight.delete(handled));
    inFlight.add(handled);
  });
  server.keepAliveTimeout = 30_000;
  return {
    server,
    async close() {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(inFlight);
    },
  };
}

async function handle(ctx: ServerContext, log: RequestLog, req: IncomingMessage, res: ServerResponse, closing: AbortSignal): Promise<void> {
  const started = performance.now();
  const method = req.method ?? 'GET';
  // Prefixing the origin keeps the target a path: new URL('//x', base) reads x as a host, or throws on '//'.
  const target = req.url ?? '/';
  const url = new URL(`http://walrus.local${target.startsWith('/') ? '' : '/'}${target}`);
  let bytesIn = 0;
  const body = new PassThrough();
  req.on('data', (chunk: Buffer) => (bytesIn += chunk.length));
  req.pipe(body);
  // A client that gives up mid-upload must not leave a handler waiting for the rest of the body.
  // A handler that never reads the body (e.g. a reset fault) has no error listener: keep one so the
  // abort cannot become an uncaught exception.
  body.on('error', () => {});
  req.once('close', () => {
    if (!req.complete) body.destroy(new RequestAborted());
  });
  const isAdmin = url.pathname.startsWith(ADMIN_PREFIX);
  const match = isAdmin ? undefined : matchRoute(method, url.pathname);
  const route = match && 'route' in match ? match.route : undefined;
  const entry = (status: number, bytesOut: number, fault?: string) =>
    log.add({ method, path: url.pathname, template: route?.template, status, bytesIn, bytesOut, fault, durationMs: performance.now() - started });

  if (!isAdmin && ctx.faults.down) {
    req.socket.destroy();
    return entry(0, 0, 'down');
  }
  const decision = route?.fault ? ctx.faults.decide(route.fault) : { latencyMs: 0, latencyAfterMs: 0, terminal: undefined };
  if (decision.latencyMs > 0 && !(await waited(decision.latencyMs, closing))) return entry(0, 0, 'closed');
  const terminal = decision.terminal;
  if (terminal?.kind === 'reset' && terminal.phase === 'before') {
    req.socket.destroy();
    return entry(0, 0, 'reset');
  }

  let reply: Reply | undefined;
  if (terminal?.kind === 'error' && terminal.phase === 'before') {
    reply = injectedError(terminal);
  } else if (isAdmin) {
    reply = await run(() => handleAdmin(ctx, log, method, url, body));
  } else if (route && match && 'params' in match) {
    const { params } = match;
    reply = await run(() => route.handle(ctx, { method, url, headers: req.headers, body, params }));
  } else {
    reply = textReply(match && 'methodNotAllowed' in match && match.methodNotAllowed ? 405 : 404, '');
  }
  if (!reply) return entry(0, 0); // the client left mid-body (or the server closed): nothing to answer
  if (terminal?.kind === 'error' && terminal.phase === 'after') reply = injectedError(terminal);
  await drain(body);
  if (decision.latencyAfterMs > 0 && !(await waited(decision.latencyAfterMs, closing))) return entry(0, 0, 'closed');
  if (terminal?.kind === 'reset') {
    req.socket.destroy();
    return entry(0, 0, 'reset after');
  }
  const bodyFault: BodyFault = terminal?.kind === 'truncate' || terminal?.kind === 'corrupt' ? terminal.kind : undefined;
  await writeReply(res, reply, bodyFault, (bytesOut) => entry(reply.status, bytesOut, terminal?.kind));
}

/** 429 is the framework's plain-text overload answer; the others carry a Status body. */
function injectedError(fault: Extract<TerminalFault, { kind: 'error' }>): Reply {
  const reply =
    fault.status === 429
      ? textReply(429, 'Too Many Requests')
      : statusReply(fault.status, 'injected fault: the service is failing on purpose', 'INJECTED_FAULT');
  if (fault.retryAfterSeconds !== undefined) reply.headers['retry-after'] = String(fault.retryAfterSeconds);
  return reply;
}

/** The handler's reply, or its error as the official services answer it; undefined when the client left mid-body. */
async function run(handler: () => Promise<Reply> | Reply): Promise<Reply | undefined> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof RequestAborted) return undefined;
    if (error instanceof HttpError) return error.reply;
    // The real services answer an oversize body with the framework's plain-text rejection.
    if (error instanceof PayloadTooLargeError) return textReply(413, 'Failed to buffer the request body: length limit exceeded');
    console.error('walrus-local: handler failed', error);
    return statusReply(500, `internal error: ${(error as Error).message}`, 'INTERNAL');
  }
}

/** Waits `ms`, or less when the server closes meanwhile: true when the wait ran its course. */
async function waited(ms: number, closing: AbortSignal): Promise<boolean> {
  return sleep(ms, true, { signal: closing }).catch(() => false);
}

/** Reads what the handler left unread, so the client sees our answer rather than a broken pipe. */
async function drain(body: PassThrough): Promise<void> {
  if (body.readableEnded || body.destroyed) return; // a destroyed body has already emitted its last 'close'
  body.resume();
  await new Promise<void>((resolve) => {
    body.once('end', resolve);
    body.once('close', resolve);
  });
}
