// `pdw snapshot ls ID [--path P] | diff FROM TO [--json]`: a snapshot's files as they were, and what changed
// between two snapshots — read from their manifests on Walrus.
import type { SnapshotFileEntry } from '../../../src-shared/contract/snapshot-files.ts';
import { EXIT_OK, EXIT_USAGE, type Command } from '../command.ts';

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: "List a snapshot's files, or compare two snapshots",
  usage: [
    'pdw snapshot ls ID [--path P] [--json]    the files of snapshot ID (under folder P), with size and date',
    '       pdw snapshot diff FROM TO [--json]        files added, removed and changed from FROM to TO',
  ].join('\n'),
  options: { path: { type: 'string' } },
  positionals: true,
  async run(ctx, { values, positionals }) {
    const [sub, ...ids] = positionals;
    const fits = (sub === 'ls' && ids.length === 1) || (sub === 'diff' && ids.length === 2 && values.path === undefined);
    if (!fits) {
      console.error(`pdw snapshot: expected \`ls ID\` or \`diff FROM TO\`.\nUsage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const app = await ctx.openApp({ mode: 'cli' });
    if (sub === 'ls') {
      const under = typeof values.path === 'string' ? values.path : undefined;
      const listed = await ctx.call(app, 'snapshot.files', { id: ids[0] as string, limit: 100_000, ...(under ? { under } : {}) });
      ctx.print(listed, () =>
        listed.files.length
          ? [...listed.files.map(line), `${listed.total} file(s) in snapshot ${listed.snapshotId} of ${listed.createdAt}${under ? ` under ${under}` : ''}.`].join('\n')
          : `No files in snapshot ${listed.snapshotId}${under ? ` under ${under}` : ''}.`,
      );
      return EXIT_OK;
    }
    const diff = await ctx.call(app, 'snapshot.compare', { from: ids[0] as string, to: ids[1] as string });
    ctx.print(diff, () =>
      [
        ...diff.added.map((f) => `+ ${f.path}`),
        ...diff.removed.map((f) => `- ${f.path}`),
        ...diff.changed.map((f) => `~ ${f.path}`),
        `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged.`,
      ].join('\n'),
    );
    return EXIT_OK;
  },
};

function line(f: SnapshotFileEntry): string {
  const kept = f.hash === null ? '  (text only: the file was not kept)' : '';
  return `${f.modifiedAt.slice(0, 16).replace('T', ' ')}  ${String(f.size).padStart(10)}  ${f.path}${kept}`;
}
