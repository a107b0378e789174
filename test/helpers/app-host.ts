// Starts a real app with its web host in this process, on loopback, with a fresh data dir.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createApp, type PdwApp } from '../../src-main/app.ts';
import { startWebHost, type WebHost } from '../../src-main/host/web-host.ts';
import { silentLogger } from '../../src-main/log.ts';
import { makeTempDir } from './temp-dir.ts';

export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

export interface TestHost {
  app: PdwApp;
  web: WebHost;
  dataDir: string;
  /** POSTs a request as the renderer would. */
  post(name: string, body: unknown, init?: { token?: string | null; headers?: Record<string, string> }): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

export async function startTestHost(env: NodeJS.ProcessEnv = {}, rendererDir = RENDERER_DIR): Promise<TestHost> {
  const dataDir = await makeTempDir('pdw-host-');
  const app = await createApp({ mode: 'web', dataDir, env, log: silentLogger, walrusProbeIntervalMs: 0 });
  await app.start();
  const web = await startWebHost({ app, rendererDir });
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
    },
  };
}
