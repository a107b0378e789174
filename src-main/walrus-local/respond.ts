// Writes a reply to the socket, optionally broken on purpose: a truncated body (full Content-Length,
// then the connection dies half-way) or a corrupted one (same length, a flipped byte).
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { bodyLength, type Reply, type ReplyBody } from './reply.ts';

export type BodyFault = 'truncate' | 'corrupt' | undefined;

/** Resolves with the number of body bytes written. */
export async function writeReply(res: ServerResponse, reply: Reply, fault: BodyFault): Promise<number> {
  const length = bodyLength(reply.body);
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(length) });
  if (fault) {
    const bytes = Buffer.from(await materialize(reply.body));
    if (fault === 'truncate') {
      const half = bytes.subarray(0, Math.floor(bytes.length / 2));
      await new Promise<void>((resolve) => res.write(half, () => resolve()));
      res.destroy();
      return half.length;
    }
    const middle = Math.floor(bytes.length / 2);
    if (bytes.length > 0) bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    res.end(bytes);
    return bytes.length;
  }
  if (!reply.body || reply.body instanceof Uint8Array) {
    res.end(reply.body);
    return length;
  }
  if (length === 0) {
    res.end();
    return 0;
  }
  let written = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      done(null, chunk);
    },
  });
  const file = createReadStream(reply.body.file, { start: reply.body.start, end: reply.body.start + length - 1 });
  await pipeline(file, counter, res).catch(() => res.destroy());
  return written;
}

async function materialize(body: ReplyBody | undefined): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  const all = await readFile(body.file);
  return all.subarray(body.start, body.start + body.length);
}
