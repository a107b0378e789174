// Starts the local Walrus server on a free loopback port and a client pointed at it, with retry
// delays in milliseconds so fault tests stay fast.
import { startWalrusLocal, type WalrusLocal, type WalrusLocalOptions } from '../../../src-main/walrus-local/index.ts';
import { createWalrusClient, type WalrusClient, type WalrusClientOptions } from '../../../src-main/walrus/index.ts';

export const FAST_RETRY = { retries: 3, minDelayMs: 2, maxDelayMs: 20 };

export interface Pair {
  server: WalrusLocal;
  client: WalrusClient;
  /** A second client on the same server, with other options. */
  clientWith(options: Partial<WalrusClientOptions>): WalrusClient;
  close(): Promise<void>;
}

export async function startPair(options: { server?: WalrusLocalOptions; client?: Partial<WalrusClientOptions> } = {}): Promise<Pair> {
  const server = await startWalrusLocal({ shards: 100, ...options.server });
  const clients: WalrusClient[] = [];
  const clientWith = (extra: Partial<WalrusClientOptions>) => {
    const client = createWalrusClient({
      publisherUrl: server.url,
      aggregatorUrl: server.url,
      shards: server.shards,
      retry: FAST_RETRY,
      timeoutMs: 5000,
      ...options.client,
      ...extra,
    });
    clients.push(client);
    return client;
  };
  const client = clientWith({});
  return {
    server,
    client,
    clientWith,
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await server.close();
    },
  };
}

export const bytes = (text: string) => new TextEncoder().encode(text);
export const text = (data: Uint8Array) => Buffer.from(data).toString('utf8');

/** Requests the server saw for a route template, e.g. `/v1/blobs`. */
export function countRequests(server: WalrusLocal, method: string, template: string): number {
  return server.requestLog().filter((e) => e.method === method && e.template === template).length;
}
