// `pdw backup`, `pdw renew`, `pdw restore`, `pdw verify` as a person runs them: the real bin, the wallet imported from
// its phrase on stdin, a local Walrus server, a fresh data dir restoring from the snapshot id alone.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { runPdw, type PdwRun } from '../../helpers/pdw-cli.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { SUI_VECTORS } from '../../unit/wallet/vectors.ts';
import { CORPUS, SHARDS, writeCorpus } from './backup-fixtures.ts';

let root: string;
let server: WalrusLocal;

function pdw(args: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<PdwRun> {
  const walrus = { WALRUS_PUBLISHER_URL: server.url, WALRUS_AGGREGATOR_URL: server.url };
  return runPdw(args, { PDW_CACHE_DIR: TEST_CACHE_DIR, PDW_PASSPHRASE: 'a long test passphrase', ...walrus, ...env }, stdin);
}

beforeAll(async () => {
  await bundledEmbedder();
  root = await makeTempDir();
  server = await startWalrusLocal({ shards: SHARDS, fsync: false });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('pdw backup, restore and verify', () => {
  it('backs up, restores on a fresh data dir from the phrase and the snapshot id, and verifies', { timeout: 600_000 }, async () => {
    const a = { PDW_DATA_DIR: join(root, 'a') };
    const b = { PDW_DATA_DIR: join(root, 'b') };
    const phrase = SUI_VECTORS[0]?.phrase ?? '';
    expect((await pdw(['wallet', 'import', '--json'], a, phrase)).code).toBe(0);
    await writeCorpus(join(root, 'docs'));
    expect((await pdw(['ingest', join(root, 'docs'), '--json'], a)).code).toBe(0);

    const backup = await pdw(['backup', '--json'], a);
    expect(backup.code, backup.stderr).toBe(0);
    const made = JSON.parse(backup.stdout) as { snapshotId: string; state: string; uploadedItems: number; endEpoch: number };
    expect(made).toMatchObject({ state: 'complete', uploadedItems: 10 });
    // Bought for the settings' storage epochs (default 5).
    expect(made.endEpoch).toBe(server.clock.currentEpoch() + 5);

    expect((await pdw(['wallet', 'import', '--json'], b, phrase)).code).toBe(0);
    const restore = await pdw(['restore', '--snapshot', made.snapshotId, '--json'], b);
    expect(restore.code, restore.stderr).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({ snapshotId: made.snapshotId, documents: 5 });
    const [before, after] = await Promise.all([pdw(['search', 'honey from flowers', '--json'], a), pdw(['search', 'honey from flowers', '--json'], b)]);
    const ids = (out: string) => (JSON.parse(out) as { results: { documentId: number; score: number }[] }).results.map((r) => [r.documentId, r.score]);
    expect(ids(after.stdout)).toEqual(ids(before.stdout));

    // Restore anywhere: a third fresh machine knows only the phrase; the snapshot is found via the
    // wallet's blob objects (the local server answers the Sui RPC for the objects it created).
    const c = { PDW_DATA_DIR: join(root, 'c'), SUI_RPC_URL: server.url };
    expect((await pdw(['wallet', 'import', '--json'], c, phrase)).code).toBe(0);
    const latest = await pdw(['restore', '--latest', '--json'], c);
    expect(latest.code, latest.stderr).toBe(0);
    expect(JSON.parse(latest.stdout)).toMatchObject({ snapshotId: made.snapshotId, documents: 5, adopted: { scheduleIntervalMs: 0, retention: { keepLast: 10 } } });
    // The restored machine carries on the chain: nothing changed, so nothing is uploaded or bought.
    const carriedOn = await pdw(['backup', '--json'], c);
    expect(carriedOn.code, carriedOn.stderr).toBe(0);
    expect(JSON.parse(carriedOn.stdout)).toMatchObject({ unchanged: true, snapshotId: made.snapshotId, uploadedItems: 0, cost: 0 });

    const verify = await pdw(['verify', '--all', '--json'], a);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ checked: 10, failures: [] });

    // The run log, newest first: the verify, then the backup.
    const log = await pdw(['backup', '--log', '--json'], a);
    expect(log.code, log.stderr).toBe(0);
    const { runs } = JSON.parse(log.stdout) as { runs: { kind: string; outcome: string; snapshotId: string; uploadedItems: number; referencedItems: number }[] };
    expect(runs.slice(0, 2)).toEqual([
      expect.objectContaining({ kind: 'verify', outcome: 'ok', snapshotId: made.snapshotId, referencedItems: 10 }),
      expect.objectContaining({ kind: 'backup', outcome: 'ok', snapshotId: made.snapshotId, uploadedItems: 10 }),
    ]);
    const human = await pdw(['backup', '--log', '--limit', '1'], a);
    expect(human.stdout).toMatch(/verify\s+ok\s+10 read back[^\n]*\n\(1 of \d+ runs\)/);
    expect((await pdw(['backup', '--log', '--limit', '0'], a)).code).toBe(2);

    // Nothing changed: no new snapshot, nothing bought, and it says so; renewal has nothing due either.
    const unchanged = await pdw(['backup', '--json'], a);
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(JSON.parse(unchanged.stdout)).toMatchObject({ unchanged: true, snapshotId: made.snapshotId, uploadedItems: 0, cost: 0, expiring: [] });
    const renew = await pdw(['renew'], a);
    expect(renew.code, renew.stderr).toBe(0);
    expect(renew.stdout).toContain('Nothing due for renewal.');
    expect(renew.stdout).toMatch(/at most 2 epoch\(s\) left: next at epoch \d+ \(~\d{4}-[^)]*\), 2 object\(s\), about [\d.,]+ WAL \(\d+ FROST\)/);

    // A second snapshot; the preview says what keeping only the last one would forget, and changes nothing.
    await writeCorpus(join(root, 'docs'), { 'tide.txt': 'The tide turns twice a day in the harbour.\n' });
    expect((await pdw(['ingest', join(root, 'docs', 'tide.txt')], a)).code).toBe(0);
    const again = await pdw(['backup', '--json'], a);
    expect(again.code, again.stderr).toBe(0);
    const second = (JSON.parse(again.stdout) as { snapshotId: string }).snapshotId;
    const preview = await pdw(['retention', 'preview', '--last', '1', '--json'], a);
    expect(preview.code, preview.stderr).toBe(0);
    expect(JSON.parse(preview.stdout)).toMatchObject({
      policy: { keepLast: 1, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
      keep: [{ id: second, reasons: ['newest', 'last'] }],
      forget: [{ id: made.snapshotId }],
    });
    expect((await pdw(['retention', 'preview', '--daily', 'seven'], a)).code).toBe(2);
    const saved = await pdw(['retention', 'preview'], a);
    expect(saved.stdout).toMatch(/Rules: keep last 10, daily 0, weekly 0, monthly 0[^]*Keep 2:[^]*Forget 0/);

    // Keep one snapshot (the settings file): the next backup is followed by retention, which forgets the first.
    await writeFile(join(root, 'a', 'settings.json'), JSON.stringify({ keepSnapshots: 1 }));
    expect((await pdw(['backup', '--json'], a)).code).toBe(0);
    const retained = JSON.parse((await pdw(['backup', '--log', '--json'], a)).stdout) as { runs: { kind: string; outcome: string; uploadedItems: number }[] };
    expect(retained.runs.slice(0, 2)).toEqual([
      expect.objectContaining({ kind: 'retention', outcome: 'ok', uploadedItems: 1 }),
      expect.objectContaining({ kind: 'backup', outcome: 'skipped-no-changes' }),
    ]);
  });

  it('lists a snapshot\'s files, restores one into a chosen folder, and compares snapshots', { timeout: 300_000 }, async () => {
    const d = { PDW_DATA_DIR: join(root, 'd') };
    const docs = join(root, 'docs-d');
    expect((await pdw(['wallet', 'import', '--json'], d, SUI_VECTORS[0]?.phrase ?? '')).code).toBe(0);
    await writeCorpus(docs);
    expect((await pdw(['ingest', docs], d)).code).toBe(0);
    const { snapshotId } = JSON.parse((await pdw(['backup', '--json'], d)).stdout) as { snapshotId: string };

    const ls = await pdw(['snapshot', 'ls', snapshotId, '--json'], d);
    expect(ls.code, ls.stderr).toBe(0);
    const listed = JSON.parse(ls.stdout) as { files: { path: string }[]; total: number };
    expect(listed.files.map((f) => f.path)).toEqual(Object.keys(CORPUS).map((n) => join(docs, n)).sort());
    expect((await pdw(['snapshot', 'ls', snapshotId], d)).stdout).toContain(`5 file(s) in snapshot ${snapshotId}`);

    const target = join(root, 'restored-d');
    const restored = await pdw(['restore', '--snapshot', snapshotId, '--path', join(docs, 'bees.txt'), '--target', target, '--json'], d);
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ restored: 1, failed: [] });
    expect(await readFile(join(target, 'bees.txt'), 'utf8')).toBe(CORPUS['bees.txt']);

    const diff = await pdw(['snapshot', 'diff', snapshotId, snapshotId], d);
    expect(diff.stdout).toContain('0 added, 0 removed, 0 changed, 5 unchanged.');
    const usage = await pdw(['restore', '--snapshot', snapshotId, '--path', join(docs, 'bees.txt')], d);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--target DIR or --original');
  });

  it("reports a backup made while Walrus is unreachable as pending, exit 0", async () => {
    const a = { PDW_DATA_DIR: join(root, 'a'), WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9', WALRUS_AGGREGATOR_URL: 'http://127.0.0.1:9' };
    await writeCorpus(join(root, 'docs'), { 'extra.txt': 'A note written while offline about kites and wind.\n' });
    expect((await pdw(['ingest', join(root, 'docs', 'extra.txt')], a)).code).toBe(0);
    const backup = await pdw(['backup', '--json'], a);
    expect(backup.code, backup.stderr).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ state: 'pending', manifestBlobId: null });
    const log = await pdw(['backup', '--log', '--json'], a);
    expect((JSON.parse(log.stdout) as { runs: unknown[] }).runs[0]).toMatchObject({ kind: 'backup', outcome: 'pending' });
  });
});
