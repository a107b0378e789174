// One fault-matrix scenario: the real app ingests a corpus, backs it up while the local Walrus server
// misbehaves, finishes what was left pending once the fault is gone, and a second fresh data dir restores
// the snapshot from the same recovery phrase. The figure that matters is documents lost.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp, type PdwApp } from '../../src-main/app.ts';
import { silentLogger } from '../../src-main/kernel/log.ts';
import type { JobResult } from '../../src-shared/contract/index.ts';
import { startWalrusLocal, type FaultRule, type RequestLogEntry, type WalrusLocal } from '../../src-main/walrus-local/index.ts';

/** The standard BIP-39 test phrase: a valid wallet that owns nothing of value. */
export const TEST_PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PASSPHRASE = 'fault matrix passphrase';
// At 10 shards a quilt holds 6 patches, so the corpus's 24 items need several quilt requests: a fault
// can land in the middle of a batch.
export const SHARDS = 10;
const CTX = { transport: 'cli' as const };

export interface Fault {
  name: string;
  /** Rules active during the backup, and again during the first restore attempt. */
  rules?: FaultRule[];
  /** Timed events during the backup, once the first quilt is stored. */
  midBatch?: 'down' | 'restart';
}

export interface ScenarioResult {
  fault: string;
  documents: number;
  lost: number;
  /** How the backup ended under the fault, and what it took to finish it. */
  backup: string;
  restore: string;
  requests: number;
  faulted: number;
  /** Requests repeated by the client: the same method and path seen again after a failed attempt. */
  retries: number;
  /** Blob objects bought for a blob id that already had one: stores paid for twice. */
  boughtTwice: number;
  seconds: number;
}

export interface ScenarioOptions {
  root: string;
  cacheDir: string;
  seed: number;
  documents?: number;
}

export function corpus(count: number): Record<string, string> {
  const topics = ['garden', 'bees', 'tea', 'bread', 'bicycle', 'river', 'violin', 'comet'];
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const topic = topics[i % topics.length] ?? 'note';
    files[`${String(i).padStart(2, '0')}-${topic}.md`] = `# Notes on ${topic} ${i}\n\nEntry ${i}: observations about ${topic}, written on day ${i * 7 + 3}.\n`;
  }
  return files;
}

export async function runScenario(fault: Fault, options: ScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const dir = join(options.root, fault.name.replace(/[^a-z0-9]+/gi, '-'));
  const docs = join(dir, 'docs');
  await mkdir(docs, { recursive: true });
  const files = corpus(options.documents ?? 12);
  for (const [name, text] of Object.entries(files)) await writeFile(join(docs, name), text);

  let server = await startWalrusLocal({ shards: SHARDS, fsync: false, dataDir: join(dir, 'walrus'), faults: [] });
  const port = Number(new URL(server.url).port);
  const a = await openApp(join(dir, 'a'), server.url, options.cacheDir);
  const b = await openApp(join(dir, 'b'), server.url, options.cacheDir);
  try {
    const ingest = await job(a, 'library.ingest', { paths: [docs] });
    if (ingest.state !== 'succeeded') throw new Error(`ingest failed: ${String(ingest.message)}`);

    await server.faults.reseed(options.seed);
    await server.faults.set(fault.rules ?? []);
    server.clearRequestLog();
    const outage = fault.midBatch ? interruptMidBatch(server, fault.midBatch, port, join(dir, 'walrus')) : undefined;
    let run = await job(a, 'backup.run', {});
    const log: RequestLogEntry[] = [];
    let cut = '';
    if (outage) {
      const ended = await outage;
      log.push(...ended.earlierLog);
      server = ended.server;
      log.push(...server.requestLog());
      cut = ` (${ended.storedBefore} of ${quiltStores(log)} quilts before the ${fault.midBatch})`;
    } else {
      log.push(...server.requestLog());
    }
    server.clearRequestLog();
    let backup = describeBackup(run);

    // The fault is over: the outbox flushes, or a failed run is simply run again.
    await server.faults.clear();
    if (run.state === 'succeeded' && backupState(run) === 'pending') {
      const flushed = unwrap(await a.dispatch('backup.flushOutbox', {}, CTX)) as { completed: string[]; pending: number };
      backup += flushed.pending === 0 ? ' → flushed' : ' → still pending';
    } else if (run.state !== 'succeeded') {
      run = await job(a, 'backup.run', {});
      backup += ` → rerun ${describeBackup(run)}`;
    }
    backup += cut;
    const snapshotId = newestComplete(await a.dispatch('backup.snapshots', {}, CTX));
    log.push(...server.requestLog());

    // Restore under the same read faults; a restore that stops is started again once they are gone.
    server.clearRequestLog();
    if (!fault.midBatch) await server.faults.set(fault.rules ?? []);
    let restored = await job(b, 'backup.restore', { snapshotId, target: 'new', confirm: false });
    let restore = restored.state === 'succeeded' ? 'ok' : `failed (${firstClause(String(restored.message)).replaceAll('|', '/')})`;
    await server.faults.clear();
    if (restored.state !== 'succeeded') {
      restored = await job(b, 'backup.restore', { snapshotId, target: 'new', confirm: false });
      restore += restored.state === 'succeeded' ? ' → retried ok' : ' → retry failed';
    }
    log.push(...server.requestLog());

    const owned = server.objects.listByOwner(a.wallet.address ?? '');
    const before = await documentKeys(a);
    // A restore on another machine puts the files under library/restored/<original path>.
    const after = new Set(await documentKeys(b, join(dir, 'b', 'library', 'restored')));
    return {
      fault: fault.name,
      documents: before.length,
      lost: before.filter((k) => !after.has(k)).length,
      backup,
      restore,
      requests: log.filter((e) => !e.path.startsWith('/_local')).length,
      faulted: log.filter((e) => e.fault !== undefined || e.status === 0 || e.status >= 500).length,
      retries: countRetries(log),
      boughtTwice: owned.length - new Set(owned.map((o) => o.blobId)).size,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await a.stop();
    await b.stop();
    await server.close();
  }
}

async function openApp(dataDir: string, url: string, cacheDir: string): Promise<PdwApp> {
  const env: NodeJS.ProcessEnv = { ...process.env, WALRUS_PUBLISHER_URL: url, WALRUS_AGGREGATOR_URL: url, PDW_CACHE_DIR: cacheDir };
  delete env.PDW_DATA_DIR;
  const app = await createApp({ mode: 'cli', dataDir, env, log: silentLogger, walrusProbeIntervalMs: 0, walletAutoLockMs: 0 });
  await app.start();
  await app.wallet.import({ secret: TEST_PHRASE, passphrase: PASSPHRASE });
  return app;
}

/** Starts a job through the contract and polls `job.result` until it has finished. */
async function job(app: PdwApp, name: string, input: unknown): Promise<JobResult> {
  const { jobId } = unwrap(await app.dispatch(name, input, CTX)) as { jobId: string };
  for (;;) {
    const result = unwrap(await app.dispatch('job.result', { jobId }, CTX)) as JobResult;
    if (result.state !== 'running') return result;
    await sleep(50);
  }
}

function unwrap(result: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }): unknown {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function describeBackup(run: JobResult): string {
  return run.state === 'succeeded' ? (backupState(run) ?? 'unknown') : 'failed';
}

function backupState(run: JobResult): string | undefined {
  return run.kind === 'backup' ? run.outcome?.backup.state : undefined;
}

function newestComplete(result: Parameters<typeof unwrap>[0]): string {
  const { snapshots } = unwrap(result) as { snapshots: { id: string; state: string }[] };
  const complete = snapshots.find((s) => s.state === 'complete');
  if (!complete) throw new Error('no complete snapshot after the fault was cleared');
  return complete.id;
}

/** path, hash and chunk count of every document whose file on disk still has that hash. */
async function documentKeys(app: PdwApp, restoredUnder?: string): Promise<string[]> {
  const { documents } = unwrap(await app.dispatch('library.documents', { limit: 500 }, CTX)) as {
    documents: { path: string; hash: string; chunkCount: number }[];
  };
  const keys: string[] = [];
  for (const d of documents) {
    const bytes = await readFile(d.path).catch(() => null);
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== d.hash) continue;
    const path = restoredUnder && d.path.startsWith(restoredUnder) ? d.path.slice(restoredUnder.length) : d.path;
    keys.push(`${path} ${d.hash} ${d.chunkCount}`);
  }
  return keys;
}

/** A retry is a request repeated right after the same request failed (status 0 or ≥ 500, or a faulted body). */
function countRetries(log: RequestLogEntry[]): number {
  const failed = new Set<string>();
  let retries = 0;
  for (const e of log) {
    const key = `${e.method} ${e.path}`;
    if (failed.has(key)) retries++;
    if (e.fault !== undefined || e.status === 0 || e.status >= 500) failed.add(key);
    else failed.delete(key);
  }
  return retries;
}

/**
 * Waits for the first stored quilt of the backup, then takes the server down for two seconds or restarts
 * it on the same data dir and port. Resolves with the server that is up at the end.
 */
async function interruptMidBatch(
  server: WalrusLocal,
  kind: 'down' | 'restart',
  port: number,
  dataDir: string,
): Promise<{ server: WalrusLocal; earlierLog: RequestLogEntry[]; storedBefore: number }> {
  while (quiltStores(server.requestLog()) === 0) await sleep(2);
  if (kind === 'down') {
    await server.faults.setDown(true);
    const storedBefore = quiltStores(server.requestLog());
    await sleep(2000);
    await server.faults.setDown(false);
    return { server, earlierLog: [], storedBefore };
  }
  // The first life's log is kept: the figures count every request of the run. (The upload cut by the
  // close is in neither log: the connection is destroyed before it is answered.)
  const earlierLog = server.requestLog();
  await server.close();
  await sleep(500);
  const restarted = await startWalrusLocal({ shards: SHARDS, fsync: false, dataDir, port, faults: [] });
  return { server: restarted, earlierLog, storedBefore: quiltStores(earlierLog) };
}

function quiltStores(log: RequestLogEntry[]): number {
  return log.filter((e) => e.method === 'PUT' && e.path.startsWith('/v1/quilts') && e.status === 200).length;
}

/** The gist of an error message for a table cell: up to its first parenthesis or colon, at most 80 characters. */
function firstClause(message: string): string {
  return (message.split(/ \(|: /)[0] ?? message).slice(0, 80);
}
