// The restore part of `npm run bench backup`: one snapshot restored into a fresh data folder twice, reading
// each stored object once (whole quilts, cut locally: how restore reads) and one request per item (the
// aggregator cuts each patch: how it read before, the baseline). Requests, bytes read, time, and the
// process's peak RSS over the run (whole quilts are held while their items are opened).
import { join } from 'node:path';
import type { BackupKeysProvider } from '../../src-main/backup/keys.ts';
import { restoreSnapshot } from '../../src-main/backup/restore.ts';
import type { Embedder } from '../../src-main/embed/embedder.ts';
import { openLibrary } from '../../src-main/library/library.ts';
import type { WalrusClient } from '../../src-main/walrus/index.ts';
import { readWalrusNetworkState } from '../../src-main/walrus/network-state.ts';
import { WALRUS_STAKING_OBJECT_IDS } from '../../src-main/wallet/chain-config.ts';
import type { WalrusLocal } from '../../src-main/walrus-local/index.ts';
import type { BenchTable } from './table.ts';

export interface RestoreBenchInput {
  server: WalrusLocal;
  walrus: WalrusClient;
  keys: BackupKeysProvider;
  snapshotId: string;
  /** A folder the restores may write into (each gets its own data folder there). */
  root: string;
  embedder: Embedder;
}

export async function restoreBench(input: RestoreBenchInput): Promise<BenchTable> {
  const { server, walrus, keys, snapshotId } = input;
  // The local server's Sui RPC says the epoch and shard count, as the network would.
  const network = () => readWalrusNetworkState({ url: server.url }, WALRUS_STAKING_OBJECT_IDS.testnet);
  const rows: (string | number)[][] = [];
  let openS = 0;
  let vectors = 0;
  for (const readBy of ['object', 'patch'] as const) {
    const dataDir = join(input.root, `restored-by-${readBy}`);
    server.clearRequestLog();
    const peak = peakRss();
    const started = performance.now();
    const restored = await restoreSnapshot({ walrus, keys, network }, snapshotId, { dataDir, target: 'new', readBy });
    const seconds = (performance.now() - started) / 1000;
    const reads = server.requestLog().filter((e) => e.method === 'GET');
    const label = readBy === 'object' ? 'each object once, whole (restore)' : 'one request per item (before; baseline)';
    rows.push([label, restored.documents * 2, reads.length, (reads.reduce((s, e) => s + e.bytesOut, 0) / 1e6).toFixed(1), seconds.toFixed(1), peak.stop()]);
    if (readBy !== 'object') continue;
    const started2 = performance.now();
    const library = await openLibrary({ dataDir, embedder: input.embedder });
    openS = (performance.now() - started2) / 1000;
    const stats = library.stats();
    vectors = stats.vectors;
    await library.close();
    if (vectors !== stats.chunks) throw new Error(`the restored library indexed ${vectors} of ${stats.chunks} chunks`);
  }
  return {
    title: `Restore of one snapshot on a fresh machine, local Walrus at ${server.shards} shards`,
    columns: ['reads', 'items', 'GET requests', 'MB read', 'seconds', 'peak RSS (MB)'],
    rows,
    notes: [
      'requests include the manifest; the local aggregator serves a patch from its columns only and a blob from the file, streamed',
      `then open + HNSW index rebuild from the stored vectors: ${openS.toFixed(1)} s (${vectors} vectors)`,
    ],
  };
}

/** Samples the process's resident set every 50 ms until stopped; returns the peak in MB. */
function peakRss(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6);
    },
  };
}
