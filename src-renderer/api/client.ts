// The typed API of the renderer: `api.call(name, input)` resolves to the request's output or throws an
// ApiError; replies and events are checked against the contract before anyone uses them.
import {
  appErrorSchema,
  events,
  requests,
  type AnyEvent,
  type EventName,
  type OpenedDocument,
  type RequestInput,
  type RequestName,
  type RequestOutput,
} from '../../src-shared/contract/index.ts';
import { ApiError } from './api-error.ts';
import { createTransport, downloadFromHost } from './transport.ts';

export { ApiError } from './api-error.ts';

const transport = createTransport();
const failureListeners = new Set<(error: ApiError, request: RequestName) => void>();
const successListeners = new Set<(request: RequestName) => void>();

export async function call<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
  try {
    const reply = (await transport.request(name, input)) as { ok?: unknown; value?: unknown; error?: unknown };
    if (reply?.ok === true) {
      const value = requests[name].output.parse(reply.value) as RequestOutput<K>;
      for (const listener of successListeners) listener(name);
      return value;
    }
    const error = appErrorSchema.safeParse(reply?.error);
    throw new ApiError(error.success ? error.data : { code: 'internal', message: `Malformed reply to ${name}.` });
  } catch (error) {
    reportAndThrow(error instanceof ApiError ? error : new ApiError({ code: 'internal', message: `Unreadable reply to ${name}: ${(error as Error).message}` }), name);
  }
}

function reportAndThrow(error: ApiError, request: RequestName): never {
  for (const listener of failureListeners) listener(error, request);
  throw error;
}

/** Opens a document's original file as the host can: its default app (desktop) or a download (web host). */
export async function openDocument(documentId: number): Promise<OpenedDocument> {
  const opened = await call('library.openDocument', { documentId });
  if (opened.via === 'download') {
    const saved = await downloadFromHost(opened.url, opened.fileName);
    if (!saved.ok) reportAndThrow(new ApiError(saved.error), 'library.openDocument');
  }
  return opened;
}

/** Subscribes to validated events; returns the unsubscribe function. */
export function onEvent(listener: (event: AnyEvent) => void): () => void {
  return transport.onEvent((name, payload) => {
    if (!Object.hasOwn(events, name)) return;
    const parsed = events[name as EventName].safeParse(payload);
    if (parsed.success) listener({ name, payload: parsed.data } as AnyEvent);
  });
}

/** Every failed call is reported here (the error toast listens). */
export function onCallFailure(listener: (error: ApiError, request: RequestName) => void): () => void {
  failureListeners.add(listener);
  return () => failureListeners.delete(listener);
}

/** Every successful call is reported here (a failure toast of the same request goes away). */
export function onCallSuccess(listener: (request: RequestName) => void): () => void {
  successListeners.add(listener);
  return () => successListeners.delete(listener);
}

export const api = { call, openDocument, onEvent, onCallFailure, onCallSuccess };
