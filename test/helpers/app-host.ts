// Starts a real app with its web host in this process, on loopback, with a fresh data dir.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp, type PdwApp } from '../../src-main/app.ts';
import { startWebHost, type WebHost, type WebHostOptions } from '../../src-main/host/web-host.ts';
import { silentLogger } from '../../src-main/kernel/log.ts';
import { makeTempDir } from './temp-dir.ts';

/** A stand-in for the built renderer, so integration tests do not depend on `electron-vite build` having run. */
export async function makeRendererDir(): Promise<string> {
  const dir = await makeTempDir('pdw-renderer-');
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>PDW</title><div id="root"></div>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

export interface TestHost {
  app: PdwApp;
  web: WebHost;
  dataDir: string;
  /** POSTs a request as the renderer would. */
  post(name: string, body: unknown, init?: { token?: string | null; headers?: Record<string, string> }): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

export async function startTestHost(
  env: NodeJS.ProcessEnv = {},
  givenRendererDir?: string,
  hostOptions: Omit<WebHostOptions, 'app' | 'rendererDir'> = {},
): Promise<TestHost> {
  const rendererDir = givenRendererDir ?? (await makeRendererDir());
  const dataDir = await makeTempDir('pdw-host-');
  const app = await createApp({ mode: 'web', dataDir, env, log: silentLogger, walrusProbeIntervalMs: 0 });
  await app.start();
  const web = await startWebHost({ ...hostOptions, app, rendererDir });
  return {
    app,
    web,
    dataDir,
    async post(name, body, init = {}) {
      const token = init.token === undefined ? web.token : init.token;
      const response = await fetch(`${web.url}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json().catch(() => null) };
    },
    async close() {
      await web.close();
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
      if (!givenRendererDir) await rm(rendererDir, { recursive: true, force: true });
    },
  };
}
