// `pdw backup [--json]`: one incremental backup of the library to Walrus (for cron, too). Prints the
// new snapshot id. A backup made while Walrus is unreachable is kept locally and counts as success with
// state 'pending': the outbox uploads it when Walrus answers again (or on the next `pdw backup`). A complete
// backup (or one that found nothing changed, which stores nothing) is followed by retention and renewal; a
// kept snapshot renewal could not keep alive is listed and makes the exit code 1. `pdw backup --log` prints
// the run log instead.
import type { z } from 'zod';
import { AppError } from '../../../src-shared/contract/index.ts';
import { backupRequests, type BackupRunResult, type ExpiringSnapshot, type RunEntry } from '../../../src-shared/contract/backup.ts';
import type { PdwApp } from '../../app.ts';
import { freshChainMessage } from '../../backup/index.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliContext, type Command } from '../command.ts';
import { followJob } from '../follow-job.ts';

type BackupRequests = typeof backupRequests;

export async function callBackup<K extends keyof BackupRequests>(app: PdwApp, name: K, input: z.input<BackupRequests[K]['input']>): Promise<z.output<BackupRequests[K]['output']>> {
  const result = await app.dispatch(name, input, { transport: 'cli' });
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.issues ? { issues: result.error.issues } : undefined);
  return backupRequests[name].output.parse(result.value) as z.output<BackupRequests[K]['output']>;
}

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Back up the library to Walrus: encrypted, incremental (PDW_PASSPHRASE unlocks the wallet, or pdw schedule enable)',
  usage: "pdw backup [--json]   (prints the snapshotId; state 'pending' when Walrus was unreachable — still exit 0; exit 1 when renewal leaves a kept snapshot expiring)\n       pdw backup --log [--limit N] [--json]   (the run log, newest first)",
  options: { log: { type: 'boolean' }, limit: { type: 'string' } },
  async run(ctx, { values }) {
    if (values.log || values.limit !== undefined) return printLog(ctx, values.limit, this.usage);
    const app = await ctx.openApp({ mode: 'cli' });
    // What an earlier run left in the outbox goes first, so snapshots complete in order.
    const outbox = await callBackup(app, 'backup.outbox', {});
    if (outbox.items > 0 || outbox.snapshots > 0) await callBackup(app, 'backup.flushOutbox', {}).catch(() => undefined);
    const result = await followJob(ctx, app, 'backup', () => callBackup(app, 'backup.run', {}));
    const outcome = result.outcome;
    if (!outcome) {
      ctx.fail({ ok: false, state: result.state, message: result.message }, () => `Backup ${result.state}: ${result.message ?? 'unknown error'}`);
      return EXIT_FAILURE;
    }
    const { backup, renew, expiring } = outcome;
    const message = outcome.renewalError === undefined ? undefined : `Renewal failed: ${outcome.renewalError}`;
    ctx.print({ ...backup, ...(renew ? { renewal: renew } : {}), expiring, ...(message ? { message } : {}) }, () =>
      [describe(backup), ...(message ? [message] : []), ...expiringLines(expiring)].join('\n'),
    );
    // The backup itself succeeded; a kept snapshot about to expire is still a failure to report (cron mails it).
    return expiring.length ? EXIT_FAILURE : EXIT_OK;
  },
};

async function printLog(ctx: CliContext, limitText: unknown, usage: string): Promise<number> {
  const limit = limitText === undefined ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    console.error(`pdw backup: --limit takes a whole number from 1 to 200 (and goes with --log).\nUsage: ${usage}`);
    return EXIT_USAGE;
  }
  const app = await ctx.openApp({ mode: 'cli' });
  const log = await callBackup(app, 'backup.runs', { limit });
  ctx.print(log, () => (log.runs.length ? [...log.runs.map(logLine), `(${log.runs.length} of ${log.total} runs)`].join('\n') : 'No backup runs yet.'));
  return EXIT_OK;
}

function logLine(r: RunEntry): string {
  const counts = r.kind === 'retention' ? `${r.uploadedItems} forgotten` : r.kind === 'verify' ? `${r.referencedItems} read back` : `${r.uploadedItems} uploaded, ${r.bytes} bytes, ${r.referencedItems} referenced, cost ${r.cost}`;
  return `${r.startedAt}  ${r.kind.padEnd(9)}  ${r.outcome.padEnd(18)}  ${counts}${r.message ? `  — ${r.message}` : ''}`;
}

/** One line per kept snapshot renewal could not keep alive, and what to do. */
export function expiringLines(expiring: readonly ExpiringSnapshot[]): string[] {
  if (!expiring.length) return [];
  return [
    `Renewal could not keep ${expiring.length} kept snapshot(s) alive:`,
    ...expiring.map((s) => `  ${s.snapshotId} (${s.createdAt}) ${s.expired ? 'has expired' : `expires at epoch ${s.endEpoch} (~${s.expiresAt})`}`),
    'Run `pdw renew` again once Walrus answers (the run log, `pdw backup --log`, says why).',
  ];
}

function describe(r: BackupRunResult): string {
  if (r.unchanged) return `Nothing changed since snapshot ${r.snapshotId}: no new snapshot, nothing stored.`;
  const head = r.state === 'complete' ? `Snapshot ${r.snapshotId}` : `Snapshot ${r.snapshotId} is pending: Walrus was unreachable, ${r.uploadedItems ? 'part of it' : 'it'} waits in the local outbox`;
  const counts = `${r.documents} documents, ${r.items} items: ${r.uploadedItems} uploaded (${r.uploadedBytes} bytes), ${r.referencedItems} already stored (${r.referencedBytes} bytes); cost ${r.cost} FROST.`;
  return [head, ...(r.newDeployment ? [freshChainMessage(r.newDeployment)] : []), counts].join('\n');
}
