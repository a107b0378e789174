// `pdw verify [--snapshot ID] [--all] [--sample N] [--json]`: reads items of a snapshot back from
// Walrus, decrypts them and checks their hashes (default: 20 random items of the newest snapshot).
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from '../command.ts';
import { followJob } from '../follow-job.ts';
import { callBackup } from './backup.ts';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Check that a backup snapshot can be read back and decrypted intact',
  usage: 'pdw verify [--snapshot ID] [--all | --sample N] [--json]   (exit 1 when any item fails)',
  options: { snapshot: { type: 'string' }, all: { type: 'boolean' }, sample: { type: 'string' } },
  async run(ctx, { values }) {
    const sample = values.sample === undefined ? undefined : Number(values.sample);
    if (sample !== undefined && !(Number.isInteger(sample) && sample > 0)) {
      console.error(`pdw verify: --sample takes a positive whole number.\nUsage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const app = await ctx.openApp({ mode: 'cli' });
    let id = typeof values.snapshot === 'string' ? values.snapshot : undefined;
    if (!id) {
      const { snapshots } = await callBackup(app, 'backup.snapshots', {});
      id = snapshots.find((s) => s.state === 'complete')?.id;
      if (!id) {
        console.error('pdw verify: no complete snapshot in this data folder\'s history; give --snapshot ID.');
        return EXIT_FAILURE;
      }
    }
    const snapshot = id;
    const result = await followJob(ctx, app, 'verify', () => callBackup(app, 'backup.verify', { id: snapshot, ...(values.all ? { all: true } : {}), ...(sample ? { sample } : {}) }));
    const v = result.outcome;
    if (!v) {
      ctx.fail({ ok: false, state: result.state, message: result.message }, () => `Verify ${result.state}: ${result.message ?? 'unknown error'}`);
      return EXIT_FAILURE;
    }
    // One sentence for the failures, whatever their number (the JSON output lists each).
    ctx.print(v, () =>
      `Checked ${v.checked} of ${v.total} items of snapshot ${v.snapshotId}: ${v.failures.length ? (v.summary ?? `${v.failures.length} failed.`) : 'all intact.'}`,
    );
    return v.failures.length ? EXIT_FAILURE : EXIT_OK;
  },
};
