// Honest expiry: the epoch length and current epoch come from the deployment, here the local server's own
// answer (GET /_local/network), read at the start of each backup and renewal pass — not testnet's 1-day
// epoch assumed. Expiry dates follow the server's epochs.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstAnswering, readLocalServerNetworkState } from '../../../src-main/walrus/network-state.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import type { WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { snapshotSummaries } from '../../../src-main/backup/history.ts';
import { engine, ingestCorpus, testKeys, useBackupWorld } from './backup-fixtures.ts';

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;
const world = useBackupWorld();
beforeAll(() => void ({ root, server, walrus } = world));

describe('the epoch from the local server', () => {
  it('is what the server says, not an assumed length, and moves with the server clock', async () => {
    const serverEpochMs = server.clock.epochSeconds * 1000;
    expect(serverEpochMs).not.toBe(86_400_000);
    expect(await readLocalServerNetworkState(server.url)).toEqual({ currentEpoch: server.clock.currentEpoch(), epochDurationMs: serverEpochMs, nShards: 100 });

    const data = join(root, 'lib');
    await ingestCorpus(data, join(root, 'docs'));
    let now = Date.now();
    // The engine assumes testnet's day until the deployment answers.
    const backups = engine(data, walrus, testKeys(), { epochMs: 86_400_000, now: () => now, network: () => readLocalServerNetworkState(server.url) });
    try {
      expect(backups.epochs.length()).toEqual({ ms: 86_400_000, fromNetwork: false });
      const made = await backups.backup();
      expect(backups.epochs.length()).toEqual({ ms: serverEpochMs, fromNetwork: true });
      expect(backups.epochs.current()).toBe(server.clock.currentEpoch());
      // The snapshot's date is its end epoch at the server's epoch length (3 epochs bought), not 3 days away.
      const [summary] = snapshotSummaries(backups);
      const expiresIn = Date.parse(summary?.expiresAt ?? '') - now;
      expect(made.endEpoch).toBe(server.clock.currentEpoch() + 3);
      expect(expiresIn).toBeGreaterThan(2 * serverEpochMs);
      expect(expiresIn).toBeLessThanOrEqual(3 * serverEpochMs);

      // Nothing due yet (3 epochs left > 2): the answer says when renewal acts and what it will cost — the same
      // objects (quilt, manifest) for the same epochs as the backup paid, by the cost model.
      const early = await backups.renew();
      expect(early).toMatchObject({ renewed: 0, next: { epoch: server.clock.currentEpoch() + 1, renewWithinEpochs: 2, objects: 2, cost: made.cost } });
      expect(Date.parse(early.next?.at ?? '') - now).toBeGreaterThan(0);
      expect(Date.parse(early.next?.at ?? '') - now).toBeLessThanOrEqual(serverEpochMs);

      // The server's clock moves 2 epochs: the next pass reads it (the estimate alone would not have moved).
      server.clock.advanceEpochs(2);
      const renewal = await backups.renew();
      expect(backups.epochs.current()).toBe(server.clock.currentEpoch());
      expect(renewal.renewed).toBeGreaterThan(0); // 1 epoch left ≤ 2: due, and renewed
      now += 1; // the summaries reflect the renewal: no longer near the end
      expect(snapshotSummaries(backups)[0]).toMatchObject({ expired: false, expiringSoon: false });
    } finally {
      backups.close();
    }
  });

  it('falls back to the next source when the aggregator is not a local server', async () => {
    const notLocal = () => readLocalServerNetworkState('http://127.0.0.1:9');
    const network = { currentEpoch: 7, epochDurationMs: 1_209_600_000, nShards: 1000 };
    await expect(notLocal()).rejects.toThrow();
    await expect(firstAnswering(notLocal, async () => network)()).resolves.toEqual(network);
  });
});
