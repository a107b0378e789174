// Writes a reply to the socket, optionally broken on purpose: a truncated body (full Content-Length,
// then the connection dies half-way) or a corrupted one (same length, a flipped byte).
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { bodyLength, type Reply, type ReplyBody } from './reply.ts';

export type BodyFault = 'truncate' | 'corrupt' | undefined;

/**
 * Writes the reply and calls `sent` once with the number of body bytes written: before the last of them
 * (or the connection's end) reaches the socket, so a client holding the whole answer always finds its
 * request logged. A streamed body's file closes later, on the file-system threads.
 */
export async function writeReply(res: ServerResponse, reply: Reply, fault: BodyFault, sent: (bytesOut: number) => void): Promise<void> {
  const length = bodyLength(reply.body);
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(length) });
  if (fault) {
    const bytes = Buffer.from(await materialize(reply.body));
    if (fault === 'truncate') {
      const half = bytes.subarray(0, Math.floor(bytes.length / 2));
      await new Promise<void>((resolve) => res.write(half, () => resolve()));
      sent(half.length);
      res.destroy();
      return;
    }
    const middle = Math.floor(bytes.length / 2);
    if (bytes.length > 0) bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    sent(bytes.length);
    res.end(bytes);
    return;
  }
  if (!reply.body || reply.body instanceof Uint8Array || length === 0) {
    sent(length);
    res.end(reply.body instanceof Uint8Array ? reply.body : undefined);
    return;
  }
  let written = 0;
  let told = false;
  const tell = () => {
    if (!told) sent(written);
    told = true;
  };
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      if (written >= length) tell();
      done(null, chunk);
    },
  });
  const file = createReadStream(reply.body.file, { start: reply.body.start, end: reply.body.start + length - 1 });
  await pipeline(file, counter, res).catch(() => res.destroy());
  tell();
}

async function materialize(body: ReplyBody | undefined): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  const all = await readFile(body.file);
  return all.subarray(body.start, body.start + body.length);
}
