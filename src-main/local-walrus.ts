// The local Walrus server running inside the app (`pdw serve --walrus local`, or the desktop setting
// "Use a local Walrus"), so a newcomer with no network can try backup and restore end to end. Its data
// lives in the data dir, so what was stored survives restarts.
import { join } from 'node:path';
import { startWalrusLocal, type WalrusLocal } from './walrus-local/index.ts';

/** Testnet's epoch length: what a user trying PDW offline buys lasts as long as it would on testnet. */
export const EMBEDDED_EPOCH_SECONDS = 86_400;

export async function startEmbeddedWalrus(dataDir: string, port = 0): Promise<WalrusLocal> {
  // A worker computes blob ids so big uploads do not block the app's event loop.
  return startWalrusLocal({ dataDir: join(dataDir, 'walrus-local'), port, idWorkers: 1, epochSeconds: EMBEDDED_EPOCH_SECONDS });
}
