// The `pdw` command line: global options, command dispatch, output and exit codes
// (0 ok, 1 failure, 2 usage error).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../../src-shared/contract/index.ts';
import { createApp, type PdwApp } from '../app.ts';
import { createLogger, APP_VERSION } from '../kernel/index.ts';
import { callApp, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliContext, type Command } from './command.ts';
import { commands } from './registry.ts';

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

export async function main(argv: string[]): Promise<number> {
  const commandName = argv.find((a) => !a.startsWith('-') && !isOptionValue(argv, a));
  const command = commands.find((c) => c.name === commandName);
  if (commandName !== undefined && !command) {
    console.error(`pdw: unknown command "${commandName}". Run pdw --help for the list.`);
    return EXIT_USAGE;
  }
  const options = { ...GLOBAL_OPTIONS, ...(command?.options ?? {}) };
  let parsed;
  try {
    parsed = parseArgs({
      args: dashPositionalsLast(joinDashValues(argv.filter((a) => a !== commandName), options), options, command?.positionals ?? false),
      options,
      allowPositionals: command?.positionals ?? false,
      strict: true,
    });
  } catch (error) {
    console.error(`pdw: ${(error as Error).message}${command ? `\nUsage: ${command.usage}` : ''}`);
    return EXIT_USAGE;
  }
  const values = parsed.values as Record<string, unknown>;
  if (values.version) return print(values.json === true, { version: APP_VERSION }, APP_VERSION), EXIT_OK;
  if (!command || values.help) {
    const help = command ? helpFor(command) : generalHelp();
    if (command || values.help) return console.log(help), EXIT_OK;
    // No command at all is a usage error: the help goes where errors go, so a script's stdout stays empty.
    console.error(help);
    return EXIT_USAGE;
  }
  return runCommand(command, values, parsed.positionals);
}

async function runCommand(command: Command, values: Record<string, unknown>, positionals: string[]): Promise<number> {
  const json = values.json === true;
  const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined;
  const opened: PdwApp[] = [];
  const ctx: CliContext = {
    json,
    dataDir,
    async openApp(options) {
      const app = await createApp({ mode: 'cli', walrusProbeIntervalMs: 0, log: createLogger(undefined, true), ...(dataDir ? { dataDir } : {}), ...options });
      await app.start();
      opened.push(app);
      return app;
    },
    call: callApp,
    print: (value, human) => print(json, value, human()),
    fail: (value, human) => (json ? print(true, value, '') : console.error(human())),
    progress(text) {
      if (!json && process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
    },
    interrupted: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
  try {
    return await command.run(ctx, { values, positionals });
  } catch (error) {
    const shape = error instanceof AppError ? error.toShape() : { code: 'internal', message: (error as Error)?.message ?? String(error) };
    if (json) console.log(JSON.stringify({ ok: false, error: shape }, null, 2));
    else console.error(`pdw ${command.name}: ${shape.message}`);
    return EXIT_FAILURE;
  } finally {
    if (process.stderr.isTTY && !json) process.stderr.write('\r\x1b[2K');
    for (const app of opened.reverse()) await app.stop();
  }
}

/**
 * Snapshot and blob ids are URL-safe base64 and may start with "-": `--snapshot -x1…` is a value, not
 * an option, whenever the option takes one and the word is no option of ours.
 */
export function joinDashValues(args: string[], options: Record<string, { type: string; short?: string }>): string[] {
  const known = new Set(Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]));
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (arg.startsWith('--') && options[arg.slice(2)]?.type === 'string' && next?.startsWith('-') && !known.has(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * Moves the positionals after a `--` when one of them starts with a dash, in their order: snapshot and blob ids are
 * base64url and one in 64 starts with "-" (`pdw snapshot ls -Qx…`), which parseArgs would read as short options.
 * An argument is an option when it is a known one (or `--name=value`); a string option's next argument is its value.
 */
export function dashPositionalsLast(args: string[], options: Record<string, { type: string; short?: string }>, positionals: boolean): string[] {
  if (!positionals || args.includes('--')) return args;
  const shorts = new Set(Object.values(options).flatMap((o) => (o.short ? [`-${o.short}`] : [])));
  const flags: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : undefined;
    if (name !== undefined && options[name]) {
      flags.push(arg);
      if (options[name].type === 'string' && !arg.includes('=') && i + 1 < args.length) flags.push(args[++i]!);
    } else if (shorts.has(arg) || arg.startsWith('--')) flags.push(arg); // an unknown --option stays one: parseArgs names it
    else rest.push(arg);
  }
  return rest.some((arg) => arg.startsWith('-')) ? [...flags, '--', ...rest] : args;
}

function print(json: boolean, value: unknown, human: string): void {
  console.log(json ? JSON.stringify(value, null, 2) : human);
}

/** True when `arg` is the value of a preceding option that takes one (e.g. the D of `--data-dir D`). */
function isOptionValue(argv: string[], arg: string): boolean {
  const index = argv.indexOf(arg);
  const previous = index > 0 ? argv[index - 1] : undefined;
  if (!previous?.startsWith('--') || previous.includes('=')) return false;
  const name = previous.slice(2);
  const all = { ...GLOBAL_OPTIONS, ...Object.assign({}, ...commands.map((c) => c.options ?? {})) } as Record<string, { type: string }>;
  return all[name]?.type === 'string';
}

function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `pdw ${APP_VERSION} — Personal Data Wallet: your documents, searchable, backed up to Walrus.`,
    '',
    'Usage: pdw <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --data-dir D   where PDW keeps its data (default: the desktop app\'s data directory, or $PDW_DATA_DIR)',
    '  --json         machine-readable output on stdout',
    '  -h, --help     help for a command: pdw <command> --help',
    '  --version      print the version',
    '',
    'Exit codes: 0 ok, 1 failure, 2 usage error.',
  ].join('\n');
}

function helpFor(command: Command): string {
  return [`${command.summary}.`, '', `Usage: ${command.usage}`, '', 'Global options: --data-dir D, --json, --help'].join('\n');
}
