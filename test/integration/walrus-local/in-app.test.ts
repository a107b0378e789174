import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src-main/app.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import { ADMIN_PREFIX } from '../../../src-main/walrus-local/admin.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const PDW = fileURLToPath(new URL('../../../bin/pdw.js', import.meta.url));

/** Starts a long-running pdw command, returns its first JSON output and a way to stop it. */
async function startPdw(args: string[]): Promise<{ output: Record<string, unknown>; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [PDW, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      try {
        resolve(JSON.parse(out));
      } catch {
        // more to come
      }
    });
    child.once('exit', (code) => reject(new Error(`pdw ${args[0]} exited with ${code}: ${out}`)));
  });
  return {
    output,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
      }),
  };
}

describe('local Walrus in the app', () => {
  it('pdw walrus-local serves the Walrus API until interrupted', async () => {
    await withTempDir(async (dir) => {
      const server = await startPdw(['walrus-local', '--data-dir', dir, '--shards', '10']);
      const url = String(server.output.url);
      expect(await (await fetch(`${url}/status`)).text()).toMatch(/OK/);
      const stored = await fetch(`${url}/v1/blobs?epochs=1`, { method: 'PUT', body: 'hello walrus' });
      expect(stored.status).toBe(200);
      expect(await server.stop()).toBe(0);
    });
  });

  it('pdw serve --walrus local runs Walrus in-process and reports it reachable', async () => {
    await withTempDir(async (dir) => {
      const server = await startPdw(['serve', '--walrus', 'local', '--data-dir', dir]);
      const token = new URL(String(server.output.openUrl)).searchParams.get('token');
      const reply = await fetch(`${server.output.url}/api/app.info`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' });
      const info = (await reply.json()) as { value: { localWalrus: boolean; walrus: { state: string; publisherUrl: string } } };
      expect(info.value.localWalrus).toBe(true);
      expect(info.value.walrus.state).toBe('reachable');
      expect(info.value.walrus.publisherUrl).toBe(server.output.walrusPublisherUrl);
      expect(await server.stop()).toBe(0);
    });
  });

  it('the setting starts it at the next start, and its URLs cannot be changed while it runs', async () => {
    await withTempDir(async (dir) => {
      const first = await createApp({ mode: 'cli', dataDir: dir, env: {}, log: silentLogger, walrusProbeIntervalMs: 0 });
      await first.settings.update({ useLocalWalrus: true });
      await first.stop();
      const second = await createApp({ mode: 'cli', dataDir: dir, env: {}, log: silentLogger, walrusProbeIntervalMs: 0 });
      await second.start();
      try {
        const url = second.settings.current.walrusPublisherUrl;
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect((await second.walrus.check()).state).toBe('reachable');
        // Testnet's epoch length, so what a trial run stores lasts as long as it would on testnet.
        const clock = (await (await fetch(`${url}${ADMIN_PREFIX}clock`)).json()) as { epochSeconds: number };
        expect(clock.epochSeconds).toBe(86_400);
        await expect(second.settings.update({ walrusPublisherUrl: 'http://example.com' })).rejects.toThrow(/fixed for this run/);
        await second.settings.update({ theme: 'dark' });
        expect(second.settings.current.walrusPublisherUrl).toBe(url);
      } finally {
        await second.stop();
      }
    });
  });
});
