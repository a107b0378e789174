// What a route handler answers: a status, headers and an optional body (bytes or a slice of a stored
// file, streamed). Faults and logging act on replies, so handlers stay free of transport concerns.
export type ReplyBody = Uint8Array | { file: string; start: number; length: number };

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: ReplyBody;
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  416: 'OUT_OF_RANGE',
  429: 'RESOURCE_EXHAUSTED',
  451: 'UNAVAILABLE_FOR_LEGAL_REASONS',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Thrown by handlers; the server turns it into its reply. */
export class HttpError extends Error {
  readonly reply: Reply;
  constructor(reply: Reply, message = `HTTP ${reply.status}`) {
    super(message);
    this.name = 'HttpError';
    this.reply = reply;
  }
}

export function jsonReply(value: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(JSON.stringify(value)) };
}

export function textReply(status: number, text: string): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(text) };
}

/** The official `Status` error body, with an `ErrorInfo` detail as the services send it. */
export function statusReply(code: number, message: string, reason: string, domain = 'daemon.walrus.space'): Reply {
  const status = STATUS_NAMES[code] ?? 'UNKNOWN';
  const details = [{ '@type': 'ErrorInfo', reason, domain }];
  return jsonReply({ error: { code, status, message, details } }, code);
}

export function statusError(code: number, message: string, reason: string, domain?: string): HttpError {
  return new HttpError(statusReply(code, message, reason, domain), message);
}

/** Bad path or query values come back as plain text from the real services (framework rejections). */
export function plainError(status: number, text: string): HttpError {
  return new HttpError(textReply(status, text), text);
}

export function bodyLength(body: ReplyBody | undefined): number {
  if (!body) return 0;
  return body instanceof Uint8Array ? body.byteLength : body.length;
}
