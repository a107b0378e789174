// Shared by the walrus-local integration tests: start a server on a random port, talk to it over real
// HTTP with undici, build multipart quilt bodies.
import { Agent, request } from 'undici';
import { afterEach } from 'vitest';
import { startWalrusLocal, type WalrusLocal, type WalrusLocalOptions } from '../../../src-main/walrus-local/index.ts';

const running: WalrusLocal[] = [];
const agents: Agent[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.close()));
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

export async function startLocal(options: WalrusLocalOptions = {}): Promise<WalrusLocal> {
  const walrus = await startWalrusLocal(options);
  running.push(walrus);
  return walrus;
}

/** Stops tracking a server the test closes itself (restart tests). */
export function untrack(walrus: WalrusLocal): void {
  running.splice(running.indexOf(walrus), 1);
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
  text: string;
  json<T = unknown>(): T;
}

/** A fresh connection pool per test, so a fault in one test never leaks into another's sockets. */
function dispatcher(): Agent {
  const agent = new Agent({ keepAliveTimeout: 1000 });
  agents.push(agent);
  return agent;
}

let currentAgent: Agent | undefined;
afterEach(() => {
  currentAgent = undefined;
});

export async function http(
  url: string,
  init: { method?: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'; body?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<Answer> {
  currentAgent ??= dispatcher();
  const res = await request(url, { method: init.method ?? 'GET', body: init.body, headers: init.headers, dispatcher: currentAgent });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
  return { status: res.statusCode, headers, bytes, text: bytes.toString('utf8'), json: <T>() => JSON.parse(bytes.toString('utf8')) as T };
}

export function putBlob(walrus: WalrusLocal, data: string | Uint8Array, query = ''): Promise<Answer> {
  return http(`${walrus.url}/v1/blobs${query ? `?${query}` : ''}`, { method: 'PUT', body: data });
}

export interface FilePart {
  name: string;
  data: string | Uint8Array;
  filename?: string;
}

/** A multipart/form-data body built by hand, so tests control every byte (also malformed ones). */
export function multipart(parts: FilePart[], boundary = 'walrus-test-boundary'): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\n\r\n`));
    chunks.push(Buffer.from(part.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function putQuilt(walrus: WalrusLocal, parts: FilePart[], query = ''): Promise<Answer> {
  const { body, contentType } = multipart(parts);
  return http(`${walrus.url}/v1/quilts${query ? `?${query}` : ''}`, { method: 'PUT', body, headers: { 'content-type': contentType } });
}

export interface NewlyCreated {
  newlyCreated: {
    blobObject: {
      id: string;
      registeredEpoch: number;
      blobId: string;
      size: number;
      encodingType: string;
      certifiedEpoch: number;
      storage: { id: string; startEpoch: number; endEpoch: number; storageSize: number };
      deletable: boolean;
    };
    resourceOperation: Record<string, Record<string, number>>;
    cost: number;
    sharedBlobObject?: string;
  };
}

export interface QuiltStored {
  blobStoreResult: NewlyCreated;
  storedQuiltBlobs: { identifier: string; quiltPatchId: string; range: [number, number] }[];
}
