// Parses the multipart/form-data body of PUT /v1/quilts: one part per patch (the part name is the
// identifier) and an optional `_metadata` part with per-identifier tags. Rules follow the Walrus notes.
import { Busboy } from '@fastify/busboy';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { quiltPatchSizeOf } from '../walrus/cost.ts';
import { PayloadTooLargeError } from './payloads.ts';
import { plainError, statusError } from './reply.ts';
import type { QuiltInput } from './quilt-codec.ts';

export const METADATA_FIELD = '_metadata';
const MAX_IDENTIFIER_BYTES = 0xffff;
const MAX_TAGS_BYTES = 0xffff;

const Metadata = z.array(z.object({ identifier: z.string(), tags: z.record(z.string(), z.string()).optional() }));

export async function readQuiltForm(headers: IncomingHttpHeaders, body: Readable, limit: number): Promise<QuiltInput[]> {
  const parts = await collectParts(headers, body, limit);
  const metadataPart = parts.find((p) => p.name === METADATA_FIELD);
  const files = parts.filter((p) => p !== metadataPart);
  if (files.length === 0) throw invalid('the quilt has no files', 'EMPTY_QUILT');
  const seen = new Set<string>();
  for (const { name } of files) {
    validateIdentifier(name);
    if (seen.has(name)) throw invalid(`duplicate identifier ${JSON.stringify(name)}`, 'DUPLICATE_IDENTIFIER');
    seen.add(name);
  }
  const tags = metadataPart ? parseMetadata(metadataPart.data) : new Map<string, Record<string, string>>();
  return files.map((f) => ({ identifier: f.name, contents: f.data, tags: tags.get(f.name) ?? {} }));
}

/** Not empty, ≤ 65,535 bytes, no control characters, no trailing whitespace, not reserved. */
export function validateIdentifier(identifier: string): void {
  const fail = (why: string) => invalid(`invalid quilt patch identifier ${JSON.stringify(identifier)}: ${why}`, 'INVALID_IDENTIFIER');
  if (identifier.length === 0) throw fail('empty');
  if (Buffer.byteLength(identifier) > MAX_IDENTIFIER_BYTES) throw fail(`longer than ${MAX_IDENTIFIER_BYTES} bytes`);
  if (/\p{Cc}/u.test(identifier)) throw fail('contains a control character');
  if (/\s$/u.test(identifier)) throw fail('ends with whitespace');
  if (identifier.startsWith('_')) throw fail('starts with "_" (reserved)');
}

function parseMetadata(data: Uint8Array): Map<string, Record<string, string>> {
  let entries: z.infer<typeof Metadata>;
  try {
    entries = Metadata.parse(JSON.parse(Buffer.from(data).toString('utf8')));
  } catch {
    throw invalid('_metadata must be a JSON array of {identifier, tags}', 'INVALID_METADATA');
  }
  const tags = new Map<string, Record<string, string>>();
  for (const entry of entries) {
    if (tags.has(entry.identifier)) throw invalid(`duplicate identifier ${JSON.stringify(entry.identifier)} in _metadata`, 'DUPLICATE_IDENTIFIER');
    const value = entry.tags ?? {};
    if ((quiltPatchSizeOf(entry.identifier, value, 0).tagsBytes ?? 0) > MAX_TAGS_BYTES) throw invalid(`tags of ${entry.identifier} are too large`, 'TAGS_TOO_LARGE');
    tags.set(entry.identifier, value);
  }
  return tags;
}

function invalid(message: string, reason: string): Error {
  return statusError(400, message, reason);
}

interface Part {
  name: string;
  data: Uint8Array;
}

function collectParts(headers: IncomingHttpHeaders, body: Readable, limit: number): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    // A client that leaves mid-body destroys it: no 'end' or 'finish' follows, so this is the only way out.
    body.once('error', reject);
    const contentType = headers['content-type'] ?? '';
    if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
      body.resume();
      body.once('end', () => reject(plainError(400, 'Invalid `boundary` for `multipart/form-data` request')));
      return;
    }
    let parser: ReturnType<typeof Busboy>;
    try {
      // Every part is raw bytes: text decoding would corrupt binary patches sent without a filename.
      parser = Busboy({ headers: { ...headers, 'content-type': contentType }, isPartAFile: () => true, limits: { fieldNameSize: MAX_IDENTIFIER_BYTES + 1 } });
    } catch {
      body.resume();
      body.once('end', () => reject(plainError(400, 'Invalid `boundary` for `multipart/form-data` request')));
      return;
    }
    const parts: Part[] = [];
    const pending: Promise<void>[] = [];
    let received = 0;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      body.unpipe(parser);
      if (body.readableEnded) return reject(error);
      body.resume(); // drain, so the client reads our answer
      body.once('end', () => reject(error));
    };
    const malformed = () => fail(plainError(400, 'Error parsing `multipart/form-data` request'));
    body.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) fail(new PayloadTooLargeError(limit));
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('error', malformed);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      pending.push(
        new Promise<void>((done) =>
          stream.once('end', () => {
            parts.push({ name, data: Buffer.concat(chunks) });
            done();
          }),
        ),
      );
    });
    parser.on('error', malformed);
    parser.on('finish', () => {
      if (!failed) void Promise.all(pending).then(() => resolve(parts));
    });
    body.pipe(parser);
  });
}
