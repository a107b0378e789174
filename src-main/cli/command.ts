// What a CLI command is, and the context it runs in. Commands talk to the app through the same
// contract as the GUI (`ctx.call`), so the CLI and the desktop app cannot drift apart.
import type { ParseArgsConfig } from 'node:util';
import { AppError, type RequestName, type RequestInput, type RequestOutput } from '../../src-shared/contract/index.ts';
import type { AppOptions, PdwApp } from '../app.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface CliContext {
  readonly json: boolean;
  readonly dataDir: string | undefined;
  /** Builds and starts the app for this command (stopped by the CLI when the command ends). */
  openApp(options?: Partial<AppOptions>): Promise<PdwApp>;
  /** Calls a contract request on the open app and unwraps its Result (throws AppError on failure). */
  call<K extends RequestName>(app: PdwApp, name: K, input: RequestInput<K>): Promise<RequestOutput<K>>;
  /** Prints a result: JSON with --json, else the human rendering. */
  print(value: unknown, human: () => string): void;
  /** Reports a failed outcome: JSON on stdout with --json (scripts read one stream), else the text on stderr. */
  fail(value: unknown, human: () => string): void;
  /** A transient progress line on stderr (silent with --json or when stderr is not a terminal). */
  progress(text: string): void;
  /** Resolves when the user presses Ctrl-C or the process is asked to stop. */
  interrupted(): Promise<void>;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  /** Positional arguments allowed. */
  positionals?: boolean;
  run(ctx: CliContext, args: { values: Record<string, unknown>; positionals: string[] }): Promise<number>;
}

export async function callApp<K extends RequestName>(app: PdwApp, name: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
  const result = await app.dispatch(name, input, { transport: 'cli' });
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.issues ? { issues: result.error.issues } : undefined);
  return result.value as RequestOutput<K>;
}
