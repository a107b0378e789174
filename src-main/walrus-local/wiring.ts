// The local Walrus server running inside the app (`pdw serve --walrus local`, or the desktop setting
// "Use a local Walrus"), so a newcomer with no network can try backup and restore end to end. Its data
// lives in the data dir, so what was stored survives restarts. The composition root imports this module
// only when the server is wanted, so other runs never load the server.
import { join } from 'node:path';
import type { Kernel, Wired } from '../kernel/index.ts';
import { startWalrusLocal, type WalrusLocal } from './index.ts';

/** Testnet's epoch length: what a user trying PDW offline buys lasts as long as it would on testnet. */
export const EMBEDDED_EPOCH_SECONDS = 86_400;

export async function startEmbeddedWalrus(dataDir: string, port = 0): Promise<WalrusLocal> {
  // A worker computes blob ids so big uploads do not block the app's event loop.
  return startWalrusLocal({ dataDir: join(dataDir, 'walrus-local'), port, idWorkers: 1, epochSeconds: EMBEDDED_EPOCH_SECONDS });
}

/** Starts the in-process server; its URLs replace the Walrus and Sui ones for this run. */
export async function wireWalrusLocal(kernel: Kernel): Promise<Wired<Record<never, never>, WalrusLocal>> {
  const server = await startEmbeddedWalrus(kernel.config.dataDir);
  return { services: [{ name: 'local-walrus', start: () => {}, stop: () => server.close() }], handlers: {}, facade: server };
}
