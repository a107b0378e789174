// Playwright fixtures: a real `pdw serve` child process with a fresh data dir per test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test as base, type Page } from '@playwright/test';

export interface ServedApp {
  url: string;
  openUrl: string;
  token: string;
  dataDir: string;
}

const PDW = fileURLToPath(new URL('../../bin/pdw.js', import.meta.url));
const NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));

/** `options.dataDir`: serve that folder and leave it in place on stop (the caller owns it); default a fresh temp dir, removed on stop. */
export async function startServe(
  env: NodeJS.ProcessEnv = {},
  extraArgs: string[] = [],
  options: { dataDir?: string } = {},
): Promise<{ served: ServedApp; child: ChildProcess; stop(): Promise<void> }> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'pdw-e2e-')));
  const child = spawn(NODE, [PDW, 'serve', '--json', '--data-dir', dataDir, ...extraArgs], {
    env: {
      ...process.env,
      WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9',
      WALRUS_AGGREGATOR_URL: 'http://127.0.0.1:9',
      // The bundled word vectors are converted once; share the result between test servers.
      PDW_CACHE_DIR: join(tmpdir(), 'pdw-e2e-cache'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = await new Promise<{ url: string; openUrl: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      try {
        resolve(JSON.parse(out));
      } catch {
        // wait for the rest of the JSON object
      }
    });
    child.once('exit', (code) => reject(new Error(`pdw serve exited with ${code}: ${out}`)));
  });
  const token = new URL(started.openUrl).searchParams.get('token') ?? '';
  return {
    served: { ...started, token, dataDir },
    child,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One contract request from the page, as the web renderer sends it over HTTP; the reply as it came. */
export async function callServed<T = Record<string, unknown>>(page: Page, served: ServedApp, name: string, body: unknown): Promise<{ ok: boolean; value: T }> {
  return page.evaluate(
    ([n, b, token]) => fetch(`/api/${n}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(b) }).then((r) => r.json()),
    [name, body, served.token] as const,
  );
}

/**
 * One `pdw serve` running the local Walrus in-process, shared by the tests of one spec file (for specs whose tests
 * build on each other: a backup, then what follows it); returns how to reach it once it has started.
 */
export function serveWithLocalWalrus(env: NodeJS.ProcessEnv = {}): () => ServedApp {
  let server: Awaited<ReturnType<typeof startServe>> | undefined;
  base.beforeAll(async () => {
    server = await startServe(env, ['--walrus', 'local']);
  });
  base.afterAll(async () => server?.stop());
  return () => {
    if (!server) throw new Error('The served app is not started yet: call it inside a test.');
    return server.served;
  };
}

/** On the Wallet page: creates a 12-word wallet protected by `passphrase`; returns the phrase's words, still on screen. */
export async function createWalletShowingPhrase(page: Page, passphrase: string): Promise<string[]> {
  await page.getByRole('button', { name: 'Create wallet' }).click();
  await page.getByLabel('12 words').check();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create wallet' }).click();
  const words = page.getByTestId('recovery-phrase').getByRole('listitem');
  // Sealing the new key runs scrypt at its full cost: seconds on a busy machine.
  await expect(words).toHaveCount(12, { timeout: 30_000 });
  return words.allInnerTexts();
}

/**
 * `served`: a fresh `pdw serve` with a data directory of its own for every test, so no test sees what another
 * left behind and every spec passes alone and in any order (a start takes ~3 s). A spec that needs a prepared
 * library starts its own with `startServe` in `beforeAll`.
 */
export const test = base.extend<{ served: ServedApp }>({
  served: async ({}, use) => {
    const server = await startServe();
    await use(server.served);
    await server.stop();
  },
});

export { expect } from '@playwright/test';
