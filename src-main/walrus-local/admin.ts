// Control endpoints under /_local/ (a prefix the Walrus API never uses), so a test in another process can
// flip faults, block blobs, move the clock and read the request log; and `network`, where clients read the
// epoch length, epoch and shards that a real network's staking object on Sui would tell them.
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { isBlobId } from '../walrus/ids.ts';
import type { ServerContext } from './context.ts';
import { FaultRuleSchema, FaultStateSchema } from './faults.ts';
import { jsonReply, statusError, type Reply } from './reply.ts';
import type { RequestLog } from './request-log.ts';

export const ADMIN_PREFIX = '/_local/';
const MAX_ADMIN_BODY = 1024 * 1024;

export async function handleAdmin(ctx: ServerContext, log: RequestLog, method: string, url: URL, body: Readable): Promise<Reply> {
  const path = url.pathname.slice(ADMIN_PREFIX.length);
  const key = `${method} ${path.replace(/^blocklist\/.+$/, 'blocklist/*')}`;
  switch (key) {
    case 'GET faults':
      return jsonReply(ctx.faults.state);
    case 'PUT faults':
      await ctx.faults.replace(parse(FaultStateSchema, await readJson(body)));
      return jsonReply(ctx.faults.state);
    case 'POST faults':
      await ctx.faults.add(parse(FaultRuleSchema, await readJson(body)));
      return jsonReply(ctx.faults.state);
    case 'DELETE faults':
      await ctx.faults.clear();
      return jsonReply(ctx.faults.state);
    case 'PUT faults/down':
    case 'DELETE faults/down':
      await ctx.faults.setDown(method === 'PUT');
      return jsonReply(ctx.faults.state);
    case 'GET network':
      // What the Walrus staking object on Sui says about a real network (see src-main/walrus/network-state.ts):
      // clients read this server's epoch, epoch length and shards here instead of assuming testnet's.
      return jsonReply({ currentEpoch: ctx.clock.currentEpoch(), epochDurationMs: ctx.clock.epochSeconds * 1000, nShards: ctx.shards });
    case 'GET clock':
      return jsonReply({ currentEpoch: ctx.clock.currentEpoch(), epochSeconds: ctx.clock.epochSeconds });
    case 'POST clock/advance': {
      const { epochs } = parse(z.object({ epochs: z.number().int().min(0) }), await readJson(body));
      ctx.clock.advanceEpochs(epochs);
      await ctx.clock.flush();
      return jsonReply({ currentEpoch: ctx.clock.currentEpoch(), epochSeconds: ctx.clock.epochSeconds });
    }
    case 'PUT blocklist/*':
    case 'DELETE blocklist/*': {
      const blobId = decodeURIComponent(path.slice('blocklist/'.length));
      if (!isBlobId(blobId)) throw statusError(400, `not a blob id: ${blobId}`, 'INVALID_BLOB_ID');
      ctx.store.setBlocked(blobId, method === 'PUT');
      return jsonReply({ blobId, blocked: method === 'PUT' });
    }
    case 'GET objects':
      return jsonReply(ctx.store.listObjectsByOwner(url.searchParams.get('owner') ?? ctx.publisherAddress));
    case 'GET requests':
      return jsonReply(log.entries());
    case 'DELETE requests':
      log.clear();
      return jsonReply([]);
    default:
      throw statusError(404, `no admin endpoint ${method} ${url.pathname}`, 'NOT_FOUND');
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw statusError(400, z.prettifyError(result.error), 'INVALID_ARGUMENT');
  return result.data;
}

async function readJson(body: Readable): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ADMIN_BODY) throw statusError(400, 'admin request body too large', 'INVALID_ARGUMENT');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw statusError(400, 'the body is not JSON', 'INVALID_ARGUMENT');
  }
}
