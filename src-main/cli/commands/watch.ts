// `pdw watch add DIR | list | remove DIR | pause | resume | sync [DIR]`: the folders the running app (the
// desktop app or `pdw serve`) keeps in sync with the library. `add` (when no app runs: else that app scans it)
// and `sync` also bring the library in line at once, so a machine without a running app can sync from cron.
import type { WatchStatus, WatchedFolder } from '../../../src-shared/contract/watch.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from '../command.ts';
import { printable } from '../printable.ts';

const SUBCOMMANDS = ['add', 'list', 'remove', 'pause', 'resume', 'sync'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];
const NEEDS_DIR: Subcommand[] = ['add', 'remove'];

export const watchCommand: Command = {
  name: 'watch',
  summary: 'Keep folders in sync with the library: new and changed files added, deleted ones removed',
  usage: [
    'pdw watch add DIR [--json]      watch DIR (scanned at once, by the running app if one runs; it follows its changes)',
    '       pdw watch list [--json]         the watched folders and their state',
    '       pdw watch remove DIR [--json]   stop watching DIR (its documents stay in the library)',
    '       pdw watch pause | resume        hold changes back / apply them again (resuming rescans)',
    '       pdw watch sync [DIR] [--json]   bring the library in line with the folders now (for cron)',
  ].join('\n'),
  positionals: true,
  async run(ctx, { positionals }) {
    const [sub, dir, ...rest] = positionals as [Subcommand | undefined, string | undefined, ...string[]];
    const needsDir = sub !== undefined && NEEDS_DIR.includes(sub);
    const dirFits = needsDir ? dir !== undefined : sub === 'sync' || dir === undefined;
    if (!sub || !SUBCOMMANDS.includes(sub) || rest.length || !dirFits) {
      console.error(`pdw watch: expected ${SUBCOMMANDS.join(', ')}${needsDir ? ' with a folder' : ''}.\nUsage: ${watchCommand.usage}`);
      return EXIT_USAGE;
    }
    const app = await ctx.openApp({ mode: 'cli' });
    let status: WatchStatus;
    switch (sub) {
      case 'add':
        status = await ctx.call(app, 'watch.add', { path: dir as string });
        break;
      case 'remove':
        status = await ctx.call(app, 'watch.remove', { path: dir as string });
        break;
      case 'pause':
      case 'resume':
        status = await ctx.call(app, 'watch.setPaused', { paused: sub === 'pause' });
        break;
      case 'sync':
        status = await ctx.call(app, 'watch.sync', dir === undefined ? {} : { path: dir });
        break;
      case 'list':
        status = await ctx.call(app, 'watch.list', {});
        break;
    }
    // A folder added goes last in the list (under its canonical path, which may differ from DIR).
    ctx.print(status, () => renderStatus(status, sub === 'add' ? status.folders.at(-1) : undefined));
    const troubled = status.folders.some((f) => f.state === 'missing' || (sub !== 'list' && f.lastError !== null));
    return troubled ? EXIT_FAILURE : EXIT_OK;
  },
};

/** The folders and who keeps them in sync; `added`: the folder this command just added. */
function renderStatus(status: WatchStatus, added?: WatchedFolder): string {
  if (status.folders.length === 0) return 'No watched folders. Add one with: pdw watch add DIR';
  const follower = status.followedBy;
  const lines = status.folders.map((f) => renderFolder(f, follower !== undefined));
  if (status.paused) lines.push('Paused: changes are held back until `pdw watch resume`.');
  else if (follower !== undefined) {
    const scan = added ? ` It scans ${printable(added.path)} within seconds.` : '';
    lines.push(`The running app (process ${follower}: the desktop app or \`pdw serve\`) keeps these folders in sync.${scan}`);
  } else if (!status.active) lines.push('The desktop app or `pdw serve` follows changes while it runs; `pdw watch sync` applies them now.');
  return lines.join('\n');
}

function renderFolder(f: WatchedFolder, followedElsewhere: boolean): string {
  const state = f.state === 'idle' && followedElsewhere ? 'followed by the running app' : f.state;
  const docs = f.documents === null ? '' : ` · ${f.documents} document(s)`;
  const change = f.lastChange ? ` · last pass: ${f.lastChange.added} added, ${f.lastChange.updated} updated, ${f.lastChange.removed} removed, ${f.lastChange.failed} failed` : '';
  const error = f.lastError ? `\n    ${f.lastError}` : '';
  return `${f.path}  [${state}]${docs}${change}${error}`;
}
