// Reading response bodies without trusting them: the byte count must match Content-Length, JSON must
// parse and match its schema. Anything else is an error, never data.
import { Transform, type Readable } from 'node:stream';
import type { z } from 'zod';
import { describeIssues } from '../../src-shared/contract/define.ts';
import { WalrusBlobTooLargeError, WalrusInvalidResponseError, type WalrusErrorContext } from './errors.ts';
import type { WalrusHttp, WalrusResponse } from './http.ts';
import { camelizeKeys } from './schemas.ts';

export function declaredLength(response: WalrusResponse): number | undefined {
  const value = response.headers['content-length'];
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const length = Number(text);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * A pass-through that fails the stream if it ends with a byte count other than `expected` or above
 * `limit`; `onComplete` learns the size of a body that passed.
 */
export function lengthGuard(expected: number | undefined, limit: number, context: WalrusErrorContext, onComplete?: (size: number) => void): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) return callback(new WalrusBlobTooLargeError(`response exceeds the ${limit}-byte read limit`, seen, limit, context));
      if (expected !== undefined && seen > expected) {
        return callback(new WalrusInvalidResponseError(`received more than the ${expected} bytes announced in Content-Length`, [], context));
      }
      callback(null, chunk);
    },
    flush(callback) {
      if (expected !== undefined && seen !== expected) {
        return callback(new WalrusInvalidResponseError(`received ${seen} of the ${expected} bytes announced in Content-Length`, [], context));
      }
      onComplete?.(seen);
      callback();
    },
  });
}

/** The body as a verified stream; transport failures surface as WalrusErrors on the stream. */
export function verifiedStream(
  http: WalrusHttp,
  response: WalrusResponse,
  limit: number,
  context: WalrusErrorContext,
  onComplete?: (size: number) => void,
): Readable {
  const guard = lengthGuard(declaredLength(response), limit, context, onComplete);
  const body = response.body as Readable;
  body.on('error', (error) => guard.destroy(error instanceof WalrusInvalidResponseError ? error : (http.transportError(error, context) as Error)));
  guard.on('close', () => {
    if (!body.destroyed) body.destroy();
  });
  return body.pipe(guard);
}

export async function readVerifiedBytes(http: WalrusHttp, response: WalrusResponse, limit: number, context: WalrusErrorContext): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of verifiedStream(http, response, limit, context) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
  }
  const joined = Buffer.concat(chunks, size);
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
}

const MAX_JSON_BYTES = 16 * 1024 * 1024;

export async function readJson<S extends z.ZodType>(http: WalrusHttp, response: WalrusResponse, schema: S, context: WalrusErrorContext): Promise<z.infer<S>> {
  const bytes = await readVerifiedBytes(http, response, MAX_JSON_BYTES, context);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new WalrusInvalidResponseError(`response is not valid JSON (${(error as Error).message})`, [], context);
  }
  const parsed = schema.safeParse(camelizeKeys(raw));
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    const summary = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new WalrusInvalidResponseError(`response does not match the Walrus API (${summary})`, issues, context);
  }
  return parsed.data as z.infer<S>;
}
