// `pdw renew [--json]`: renewal on demand — stores again, before they expire, the quilts and blobs the kept
// snapshots need (what `pdw backup` and the app's schedule also do when it is due). Exit 1 when some object
// could not be renewed or a kept snapshot will expire; the message says which and when.
import type { RenewalForecast, RenewalResult } from '../../../src-shared/contract/backup.ts';
import { EXIT_FAILURE, EXIT_OK, type Command } from '../command.ts';
import { followJob } from '../follow-job.ts';
import { callBackup, expiringLines } from './backup.ts';

export const renewCommand: Command = {
  name: 'renew',
  summary: 'Renew the storage of kept backup snapshots that near their end on Walrus (PDW_PASSPHRASE unlocks the wallet when items must move)',
  usage: 'pdw renew [--json]   (exit 1 when some object could not be renewed or a kept snapshot will expire)',
  options: {},
  async run(ctx) {
    const app = await ctx.openApp({ mode: 'cli' });
    const result = await followJob(ctx, app, 'renew', () => callBackup(app, 'backup.renew', {}));
    const r = result.outcome;
    if (!r) {
      ctx.print({ ok: false, state: result.state, message: result.message }, () => `Renewal ${result.state}: ${result.message ?? 'unknown error'}`);
      return EXIT_FAILURE;
    }
    ctx.print(r, () => [describe(r), ...r.failures.slice(0, 10).map((f) => `  ${f.objectId}: ${f.message}`), ...expiringLines(r.expiring)].join('\n'));
    return r.failures.length || r.expiring.length ? EXIT_FAILURE : EXIT_OK;
  },
};

function describe(r: RenewalResult): string {
  if (!r.renewed && !r.repacked && !r.manifests && !r.failures.length) {
    return [r.expired ? `Nothing to renew; ${r.expired} object(s) had already expired.` : 'Nothing due for renewal.', ...(r.next ? [nextRenewal(r.next)] : [])].join(' ');
  }
  return [
    `${r.renewed} object(s) stored again`,
    ...(r.repacked ? [`${r.repacked} quilt(s) too large for one request: ${r.movedItems} live item(s) moved to new quilts, ${r.manifests} snapshot manifest(s) written again`] : []),
    ...(r.failures.length ? [`${r.failures.length} failed`] : []),
    ...(r.expired ? [`${r.expired} had already expired`] : []),
  ].join('; ') + `; cost ${r.cost} FROST.`;
}

/** When renewal acts next and what it will cost, so "nothing due" says why and until when. */
export function nextRenewal(next: RenewalForecast): string {
  return `Renewal stores an object again once it has at most ${next.renewWithinEpochs} epoch(s) left: next at epoch ${next.epoch} (~${next.at}), ` +
    `${next.objects} object(s), about ${next.wal.toLocaleString('en', { maximumSignificantDigits: 4 })} WAL (${next.cost} FROST).`;
}
