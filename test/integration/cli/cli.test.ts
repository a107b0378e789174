import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../../helpers/temp-dir.ts';

const PDW = fileURLToPath(new URL('../../../bin/pdw.js', import.meta.url));

async function pdw(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [PDW, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('pdw command line', () => {
  it('prints help and exits 0', async () => {
    const { code, stdout } = await pdw(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: pdw <command>/);
    expect(stdout).toMatch(/serve/);
  });

  it('exits 2 on usage errors with a clear message', async () => {
    const unknown = await pdw(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const badOption = await pdw(['info', '--bogus']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/--bogus/);
  });

  it('prints help on stderr and exits 2 when no command is given', async () => {
    const { code, stdout, stderr } = await pdw([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Usage: pdw <command>/);
  });

  it('reports a failed job on stderr, or as JSON on stdout with --json', async () => {
    await withTempDir(async (dir) => {
      const offline = { WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9', WALRUS_AGGREGATOR_URL: 'http://127.0.0.1:9' };
      const human = await pdw(['verify', '--snapshot', 'abc', '--data-dir', dir], offline);
      expect(human.code).toBe(1);
      expect(human.stdout).toBe('');
      expect(human.stderr).toMatch(/^Verify failed: Create or import a wallet first/m);
      const json = await pdw(['verify', '--snapshot', 'abc', '--data-dir', dir, '--json'], offline);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, state: 'failed' });
    });
  });

  it('npm start says where Electron is missing and points to npm run serve', async () => {
    await withTempDir(async (dir) => {
      const start = fileURLToPath(new URL('../../../tools/start-desktop.ts', import.meta.url));
      const result = await promisify(execFile)(process.execPath, [start], { env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir } }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Electron's binary is not installed/);
      expect(result.stderr).toMatch(/npm run serve/);
    });
  });

  it('names the command in every refusal of pdw serve, as other commands do', async () => {
    const port = await pdw(['serve', '--port', '99999']);
    expect(port.code).toBe(2);
    expect(port.stderr).toBe('pdw serve: --port must be a number from 0 to 65535, got 99999.\n');
    const walrus = await pdw(['serve', '--walrus', 'testnet']);
    expect(walrus.code).toBe(2);
    expect(walrus.stderr).toMatch(/^pdw serve: --walrus takes only "local"/);
    const network = await pdw(['serve', '--host', '0.0.0.0']);
    expect(network.code).toBe(2);
    expect(network.stderr).toMatch(/^pdw serve: Listening on 0\.0\.0\.0/);
  });

  it('takes option values that start with a dash (ids are URL-safe base64)', async () => {
    const { code, stderr } = await pdw(['restore', '--snapshot', '-AbC_12', '--latest']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/either --snapshot ID or --latest/); // parsed as a value, not as an unknown option
  });

  it('prints machine-readable info with --json for the chosen data dir', async () => {
    await withTempDir(async (dir) => {
      const { code, stdout } = await pdw(['info', '--json', '--data-dir', dir], { WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9', WALRUS_AGGREGATOR_URL: 'http://127.0.0.1:9' });
      expect(code).toBe(0);
      const info = JSON.parse(stdout);
      expect(info).toMatchObject({ dataDir: dir, mode: 'cli', walrus: { state: 'unreachable' } });
    });
  });

  it('exits 1 with a clear error when the configuration is invalid', async () => {
    await withTempDir(async (dir) => {
      const { code, stdout } = await pdw(['info', '--json', '--data-dir', dir], { SUI_RPC_URL: 'nope' });
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('SUI_RPC_URL') } });
    });
  });
});
