// `pdw schedule enable | disable | show | install | uninstall`: backups that run by themselves. `enable` sets the
// interval and turns on unattended backups, so `pdw backup` (from an OS timer) and the app's scheduler run with
// the wallet locked: the derived backup keys go to a key file readable by the user alone (an explicit opt-in:
// asked on a terminal, else --yes), or the service's environment supplies PDW_PASSPHRASE (--keys environment).
// `install` writes the OS timer that runs `pdw backup` for this data folder; `disable` turns both off.
import { MIN_INTERVAL_MS, unattendedKeysPath } from '../../backup/index.ts';
import { createInterface } from 'node:readline/promises';
import { AppError, type RequestOutput } from '../../../src-shared/contract/index.ts';
import type { RunEntry } from '../../../src-shared/contract/backup.ts';
import type { PdwApp } from '../../app.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliContext, type Command } from '../command.ts';
import { installTimer, pdwProgram, timerTarget, uninstallTimer } from './schedule-install.ts';
import { timerFiles } from './schedule-timers.ts';
import { passphraseVariables, readPassphrase } from './wallet-input.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const SUBCOMMANDS = ['enable', 'disable', 'show', 'install', 'uninstall'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];
type ScheduleStatus = RequestOutput<'backup.schedule'>;

const UNITS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const MAX_INTERVAL_MS = 525_600 * 60_000;

export const KEY_FILE_EXPLANATION =
  'Unattended backups keep the three backup keys (derived from your recovery phrase; never the key that spends from the wallet) in a key file readable by you alone (0600, in the data folder). Whoever reads that file can decrypt your backups, but cannot spend from the wallet. `pdw schedule disable` deletes it.';

/** "30m", "6h", "1d", "1w" → milliseconds (15 minutes to 365 days, as every schedule). */
export function parseInterval(text: string): number {
  const match = /^(\d+)\s*(m|min|h|d|w)$/i.exec(text.trim());
  const ms = match ? Number(match[1]) * (UNITS[match[2]!.toLowerCase()] ?? 0) : NaN;
  if (!Number.isFinite(ms) || ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    throw new AppError('invalid_input', `--every takes a duration from 15m to 365d, such as 30m, 6h, 1d or 1w (got "${text}").`);
  }
  return ms;
}

/** The interval, or what is wrong with it: a value out of range is a usage error (exit 2), like a missing one. */
function intervalOrProblem(text: string): number | string {
  try {
    return parseInterval(text);
  } catch (error) {
    return error instanceof AppError ? error.message : String(error);
  }
}

export function formatInterval(minutes: number): string {
  if (minutes % 10_080 === 0) return `${minutes / 10_080}w`;
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

function intervalRequest(ms: number) {
  const minutes = Math.round(ms / 60_000);
  if (minutes === 60) return { interval: 'hourly' as const };
  if (minutes === 1440) return { interval: 'daily' as const };
  if (minutes === 10_080) return { interval: 'weekly' as const };
  return { interval: 'custom' as const, minutes };
}

export const scheduleCommand: Command = {
  name: 'schedule',
  summary: 'Back up by itself: set the interval, run with the wallet locked, install the OS timer',
  usage: [
    'pdw schedule enable --every 30m|6h|1d|1w [--keys key-file|environment] [--yes] [--json]',
    '                                   key-file (default): asks for the passphrase once (or PDW_PASSPHRASE) and keeps',
    '                                   the backup keys in a 0600 file (asks to confirm; --yes confirms);',
    '                                   environment: the service supplies PDW_PASSPHRASE, no keys on disk',
    '       pdw schedule disable [--json]     schedule off, unattended keys deleted, OS timer removed',
    '       pdw schedule show [--json]        interval, next/last run and outcome, unattended yes/no and how',
    '       pdw schedule install [--no-activate] [--json]   write the systemd user timer / launchd agent / Task',
    '                                   Scheduler XML that runs `pdw backup` (PDW_TIMER_DIR: write there instead)',
    '       pdw schedule uninstall [--json]   remove them',
  ].join('\n'),
  options: { every: { type: 'string' }, keys: { type: 'string' }, yes: { type: 'boolean' }, 'no-activate': { type: 'boolean' } },
  positionals: true,
  async run(ctx, { values, positionals }) {
    const sub = positionals[0] as Subcommand | undefined;
    if (!sub || !SUBCOMMANDS.includes(sub) || positionals.length > 1) return usage(`expected one of ${SUBCOMMANDS.join(', ')}.`);
    if (sub === 'enable') {
      if (typeof values.every !== 'string') return usage('enable needs --every, such as --every 1d.');
      const keys = values.keys ?? 'key-file';
      if (keys !== 'key-file' && keys !== 'environment') return usage('--keys takes key-file or environment (the system keychain is the desktop app’s).');
      const every = intervalOrProblem(values.every);
      if (typeof every === 'string') return usage(every);
      return enable(ctx, every, keys, values.yes === true);
    }
    const app = await ctx.openApp({ mode: 'cli' });
    const dataDir = app.config.dataDir;
    const { cli, platformDirs } = app.config.environment;
    const target = timerTarget({ timerDir: cli.timerDir, home: platformDirs.HOME }, dataDir, values['no-activate'] === true);
    switch (sub) {
      case 'disable': {
        const status = await ctx.call(app, 'backup.setSchedule', { interval: 'off' });
        const timer = await uninstallTimer(target, dataDir);
        ctx.print({ ...status, removedTimerFiles: timer.files }, () =>
          [`Scheduled backups are off; unattended backup keys deleted.`, ...timer.files.map((f) => `Removed ${f}`)].join('\n'),
        );
        return EXIT_OK;
      }
      case 'show':
        return show(ctx, app, await ctx.call(app, 'backup.schedule', {}), target);
      case 'install': {
        const status = await ctx.call(app, 'backup.schedule', {});
        if (status.intervalMinutes === 0) throw new AppError('invalid_input', 'Turn the schedule on first: pdw schedule enable --every 1d');
        const environmentFile = join(dataDir, 'backup', 'service.env');
        const result = await installTimer(target, {
          program: pdwProgram(),
          dataDir,
          intervalMs: status.intervalMinutes * 60_000,
          logFile: join(dataDir, 'backup', 'timer.log'),
          ...(status.unattended.method === 'environment' ? { environmentFile } : {}),
        });
        const commands = result.commands.map((c) => c.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' '));
        ctx.print(result, () =>
          [
            ...result.files.map((f) => `Wrote ${f}`),
            result.activated ? `Activated: ${commands.join('; ')}` : `To activate it, run:\n${commands.map((c) => `  ${c}`).join('\n')}`,
            ...(status.unattended.enabled ? [] : ['Unattended backups are off: runs fail while the wallet is locked. Turn them on: pdw schedule enable --every …']),
            ...(status.unattended.method === 'environment' ? [`Put PDW_PASSPHRASE=… in ${environmentFile} (readable by you alone) or the service's environment.`] : []),
          ].join('\n'),
        );
        return EXIT_OK;
      }
      case 'uninstall': {
        const result = await uninstallTimer(target, dataDir);
        ctx.print(result, () => (result.files.length ? result.files.map((f) => `Removed ${f}`).join('\n') : `No timer of this data folder in ${result.dir}.`));
        return EXIT_OK;
      }
    }
    return EXIT_USAGE;
  },
};

function usage(problem: string): number {
  console.error(`pdw schedule: ${problem}\nUsage: ${scheduleCommand.usage}`);
  return EXIT_USAGE;
}

async function enable(ctx: CliContext, intervalMs: number, keys: 'key-file' | 'environment', yes: boolean): Promise<number> {
  const app = await ctx.openApp({ mode: 'cli' });
  const wallet = app.wallet.status;
  if (!wallet.exists) throw new AppError('not_found', 'Create or import a wallet first (pdw wallet create | import): backups are encrypted with keys derived from its recovery phrase.');
  let passphrase: string | undefined;
  if (keys === 'key-file') {
    if (!yes && !(await confirmKeyFile())) {
      ctx.fail({ ok: false, message: KEY_FILE_EXPLANATION }, () => `${KEY_FILE_EXPLANATION}\nNothing changed. To accept, add --yes (or answer y on a terminal); or use --keys environment.`);
      return EXIT_FAILURE;
    }
    if (wallet.locked && wallet.sealer === 'passphrase') passphrase = await readPassphrase({ env: passphraseVariables(app.config.environment), prompt: 'Wallet passphrase (asked once, to derive the backup keys): ' });
  }
  await ctx.call(app, 'backup.setUnattended', { enabled: true, method: keys, ...(passphrase ? { passphrase } : {}) });
  const status = await ctx.call(app, 'backup.setSchedule', intervalRequest(intervalMs));
  ctx.print(status, () =>
    [
      `Backups every ${formatInterval(status.intervalMinutes)}, next at ${status.nextRunAt ?? '—'}.`,
      keys === 'key-file'
        ? `Unattended: yes — backup keys in ${unattendedKeysPath(app.config.dataDir)} (0600).`
        : 'Unattended: yes — the service must have PDW_PASSPHRASE in its environment.',
      'The desktop app or `pdw serve` runs it while open; for a machine without them: pdw schedule install',
    ].join('\n'),
  );
  return EXIT_OK;
}

/** The key-file opt-in on a terminal; without one, only --yes gives it. */
async function confirmKeyFile(): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  process.stderr.write(`${KEY_FILE_EXPLANATION}\n`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question('Keep the backup keys in a key file? [y/N] ')).trim());
  } finally {
    rl.close();
  }
}

async function show(ctx: CliContext, app: PdwApp, status: ScheduleStatus, target: ReturnType<typeof timerTarget>): Promise<number> {
  const { runs } = await ctx.call(app, 'backup.runs', { limit: 50 });
  const lastBackup: RunEntry | null = runs.find((r) => r.kind === 'backup') ?? null;
  const expected = timerFiles(target.platform, { program: [], dataDir: app.config.dataDir, intervalMs: 60_000, logFile: '' }).map((f) => join(target.dir, f.name));
  const timer = { installed: expected.every((f) => existsSync(f)), files: expected };
  const how = { 'os-keychain': 'system keychain', 'key-file': `key file ${unattendedKeysPath(app.config.dataDir)}`, environment: 'PDW_PASSPHRASE in the service environment' };
  ctx.print({ ...status, lastBackup, timer }, () =>
    [
      status.intervalMinutes ? `Schedule: every ${formatInterval(status.intervalMinutes)}, next run ${status.nextRunAt ?? '—'}` : 'Schedule: off (pdw schedule enable --every 1d)',
      `Last scheduled run: ${status.lastRunAt ?? 'never'}${status.lastOutcome ? ` — ${status.lastOutcome}` : ''}${status.lastError ? `: ${status.lastError}` : ''}`,
      `Last backup (run log): ${lastBackup ? `${lastBackup.startedAt} — ${lastBackup.outcome}${lastBackup.message ? `: ${lastBackup.message}` : ''}` : 'none'}`,
      `Unattended: ${status.unattended.method ? `yes (${how[status.unattended.method]})` : 'no — runs need the wallet unlocked'}`,
      `OS timer: ${timer.installed ? `installed (${expected.join(', ')})` : 'not installed (pdw schedule install)'}`,
    ].join('\n'),
  );
  return EXIT_OK;
}
