// `pdw restore --snapshot ID | --latest [--replace] [--json]`: restores a snapshot into this data
// folder; with `--path P… --target DIR | --original`, restores only those files or folders, as files (restore-files.ts). ID is a snapshot id from `pdw backup` (the manifest blob id), so a fresh data folder with
// the same wallet imported can restore it; --latest takes the newest complete one from local history, else the newest found among the
// wallet's Walrus blobs (restore anywhere from the recovery phrase alone).
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from '../command.ts';
import { followJob } from '../follow-job.ts';
import { callBackup } from './backup.ts';
import { parseFileRestore, restoreFileSelection } from './restore-files.ts';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Restore the library from a backup snapshot on Walrus',
  usage: [
    'pdw restore --snapshot ID | --latest [--replace] [--json]   (--replace swaps out a library that has documents)',
    '       pdw restore --snapshot ID | --latest --path P [--path P2 …] --target DIR | --original [--conflict keep-both|replace|skip] [--json]',
    '                                              restore files or folders (paths as `pdw snapshot ls` lists them) into DIR or',
    '                                              where they were; the library is untouched; an existing different file is kept',
    '                                              and the restored one named "… (restored)" unless --conflict says otherwise',
  ].join('\n'),
  options: {
    snapshot: { type: 'string' },
    latest: { type: 'boolean' },
    replace: { type: 'boolean' },
    path: { type: 'string', multiple: true },
    target: { type: 'string' },
    original: { type: 'boolean' },
    conflict: { type: 'string' },
  },
  async run(ctx, { values }) {
    const given = typeof values.snapshot === 'string' ? values.snapshot : undefined;
    if (Boolean(given) === Boolean(values.latest)) {
      console.error(`pdw restore: give either --snapshot ID or --latest.\nUsage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const paths = (values.path as string[] | undefined) ?? [];
    const fileOptions = values.target !== undefined || values.original !== undefined || values.conflict !== undefined;
    if ((fileOptions && paths.length === 0) || (paths.length > 0 && values.replace === true)) {
      console.error(`pdw restore: --target, --original and --conflict go with --path; --replace goes without it.\nUsage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const files = paths.length ? parseFileRestore(values) : undefined;
    if (typeof files === 'string') {
      console.error(`pdw restore: ${files}\nUsage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const app = await ctx.openApp({ mode: 'cli' });
    let snapshotId = given;
    if (!snapshotId) {
      const { snapshots } = await callBackup(app, 'backup.snapshots', {});
      snapshotId = snapshots.find((s) => s.state === 'complete')?.id;
      // A fresh install has no history: look for the wallet's snapshots on Walrus instead.
      snapshotId ??= (await callBackup(app, 'backup.discover', {})).snapshots[0]?.snapshotId;
      if (!snapshotId) {
        console.error('pdw restore: no snapshot found in this data folder\'s history nor among the wallet\'s Walrus blobs; give --snapshot ID (printed by `pdw backup`).');
        return EXIT_FAILURE;
      }
    }
    if (files) return restoreFileSelection(ctx, app, snapshotId, paths, files);
    const replace = values.replace === true;
    const id = snapshotId;
    const result = await followJob(ctx, app, 'restore', () => callBackup(app, 'backup.restore', { snapshotId: id, target: replace ? 'replace' : 'new', confirm: replace }));
    const r = result.outcome;
    if (!r) {
      ctx.fail({ ok: false, state: result.state, message: result.message }, () => `Restore ${result.state}: ${result.message ?? 'unknown error'}`);
      return EXIT_FAILURE;
    }
    ctx.print(r, () => [`Restored ${r.documents} documents (${r.chunks} chunks, ${r.bytes} bytes) from snapshot ${r.snapshotId} of ${r.createdAt}.`, ...(r.adopted ? [r.adopted.message] : [])].join('\n'));
    return EXIT_OK;
  },
};
