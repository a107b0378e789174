// Runs the `pdw` command in a child process: with piped stdin, or on a real pseudo-terminal (util-linux
// `script`) for the prompts a person answers, so TTY detection and no-echo input are the real ones.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PDW = fileURLToPath(new URL('../../bin/pdw.js', import.meta.url));

export interface PdwRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `pdw args…` with `stdin` piped in; PDW_PASSPHRASE is cleared unless `env` sets it. */
export function runPdw(args: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<PdwRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PDW, ...args], { env: { ...process.env, PDW_PASSPHRASE: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

export const hasPseudoTerminal = spawnSync('script', ['--version']).status === 0;

export interface PdwTerminal {
  /** Everything the terminal showed so far (stdout and stderr, as a person would see them). */
  readonly screen: string;
  /** Resolves with the screen once it matches `pattern` after `from` (an offset into the screen). */
  waitFor(pattern: RegExp, from?: number): Promise<string>;
  /** Types `text` followed by Enter. */
  type(text: string): void;
  exited: Promise<number | null>;
}

/** `pdw args…` on a pseudo-terminal, driven like a person at the keyboard. */
export function runPdwInTerminal(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): PdwTerminal {
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, PDW, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], { env: { ...process.env, PDW_PASSPHRASE: '', ...env } });
  let screen = '';
  let closed = false;
  const waiters = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
    for (const check of waiters) check();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      closed = true;
      child.stdin.destroy();
      for (const check of waiters) check();
      resolve(code);
    }),
  );
  return {
    get screen() {
      return screen;
    },
    waitFor(pattern, from = 0) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`The terminal never showed ${pattern}; it shows:\n${screen}`)), timeoutMs);
        const done = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(screen);
        };
        const check = () => {
          if (pattern.test(screen.slice(from))) done();
          else if (closed) done(new Error(`pdw exited (${child.exitCode}) without showing ${pattern}; it showed:\n${screen}`));
        };
        waiters.add(check);
        check();
      });
    },
    type(text) {
      child.stdin.write(`${text}\r`);
    },
    exited,
  };
}
