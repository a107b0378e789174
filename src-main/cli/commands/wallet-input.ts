// Secrets on the command line: never from argv (other users see it in `ps`, shells keep history).
// The phrase comes from a file or stdin; passphrases from PDW_PASSPHRASE or a prompt without echo.
import { readFile } from 'node:fs/promises';
import { AppError } from '../../../src-shared/contract/index.ts';
import type { EnvironmentConfig, EnvVars } from '../../kernel/index.ts';

export interface TerminalIo {
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

const defaultIo = (): TerminalIo => ({ stdin: process.stdin, stderr: process.stderr });

/** The wallet secret from `--phrase-file F`, a hidden prompt on a terminal, or all of piped stdin. */
export async function readSecret(phraseFile: string | undefined, io: TerminalIo = defaultIo()): Promise<string> {
  const text = phraseFile !== undefined ? await readFile(phraseFile, 'utf8') : io.stdin.isTTY ? await promptHidden('Recovery phrase or suiprivkey: ', io) : await readAll(io.stdin);
  const secret = text.trim();
  if (!secret) throw new AppError('invalid_input', 'No recovery phrase or key given: pipe it on stdin or use --phrase-file F.');
  return secret;
}

/**
 * A passphrase from `variable` (PDW_PASSPHRASE), else asked on the terminal (twice when `confirm`).
 * Without either, the command cannot proceed: say how to provide one.
 */
/** The passphrase variables, as the configuration read them, for `readPassphrase`. */
export function passphraseVariables(environment: EnvironmentConfig): EnvVars {
  return { PDW_PASSPHRASE: environment.passphrase, PDW_NEW_PASSPHRASE: environment.cli.newPassphrase };
}

export async function readPassphrase(options: { env: EnvVars; variable?: string; prompt: string; confirm?: boolean }, io: TerminalIo = defaultIo()): Promise<string> {
  const variable = options.variable ?? 'PDW_PASSPHRASE';
  const fromEnv = options.env[variable];
  if (fromEnv) return fromEnv;
  if (!io.stdin.isTTY) throw new AppError('invalid_input', `No passphrase: set ${variable} or run the command in a terminal.`);
  const first = await promptHidden(options.prompt, io);
  if (options.confirm && (await promptHidden('Repeat it: ', io)) !== first) throw new AppError('invalid_input', 'The two passphrases differ.');
  return first;
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line in raw mode so nothing typed is echoed; Ctrl-C aborts. */
export function promptHidden(question: string, io: TerminalIo = defaultIo()): Promise<string> {
  const { stdin, stderr } = io;
  // No echo before the question shows: what is typed as soon as it appears must not be echoed either.
  stdin.setRawMode(true);
  stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new AppError('cancelled', 'Cancelled.'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.resume();
    stdin.on('data', onData);
  });
}
