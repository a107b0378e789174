// The local Sui JSON-RPC as a standalone server on loopback (tests, demos; the local Walrus server
// can mount the handler instead).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSuiRpcHandler } from '../../src-main/walrus-local/sui-rpc/handler.ts';
import type { SuiLocalOptions } from '../../src-main/walrus-local/sui-rpc/methods.ts';
import type { SuiLocalSource } from '../../src-main/walrus-local/sui-rpc/source.ts';

export interface SuiLocalServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startSuiLocal(options: { source: SuiLocalSource; port?: number; host?: string } & Partial<SuiLocalOptions>): Promise<SuiLocalServer> {
  const { source, port = 0, host = '127.0.0.1', ...rpcOptions } = options;
  const server = createServer(createSuiRpcHandler(source, rpcOptions));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
