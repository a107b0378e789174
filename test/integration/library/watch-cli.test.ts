// `pdw watch` end to end with the real bin: a folder added is scanned at once, `sync` applies what changed
// (the way cron keeps a machine without a running app in sync), and mistakes get clear errors.
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WatchStatus } from '../../../src-shared/contract/watch.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { runPdw } from '../../helpers/pdw-cli.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

let root: string;
let notes: string;
const env = () => ({ PDW_DATA_DIR: join(root, 'data'), PDW_CACHE_DIR: TEST_CACHE_DIR });
const pdw = (...args: string[]) => runPdw(args, env());

beforeAll(async () => {
  await bundledEmbedder(); // converts the shared vectors once before the CLI processes need them
});
beforeEach(async () => {
  root = await makeTempDir();
  notes = join(root, 'notes');
  await mkdir(notes);
  await writeFile(join(notes, 'bees.txt'), 'Honey bees dance to tell the hive where the clover grows.');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pdw watch', () => {
  it('adds, lists, syncs and removes a watched folder', async () => {
    const added = await pdw('watch', 'add', notes, '--json');
    expect(added.code).toBe(0);
    expect((JSON.parse(added.stdout) as WatchStatus).folders).toMatchObject([{ path: notes, documents: 1, state: 'idle' }]);
    expect((await pdw('search', 'clover hive', '--json')).stdout).toContain('bees.txt');

    await writeFile(join(notes, 'orchard.md'), '# Orchard\n\nPrune the apple trees in late winter.');
    await rm(join(notes, 'bees.txt'));
    const synced = await pdw('watch', 'sync', '--json');
    expect(synced.code).toBe(0);
    expect((JSON.parse(synced.stdout) as WatchStatus).folders[0]).toMatchObject({ documents: 1, lastChange: { added: 1, removed: 1 } });

    const listed = await pdw('watch', 'list');
    expect(listed.stdout).toContain(`${notes}  [idle] · 1 document(s)`);
    expect(listed.stdout).toContain('pdw watch sync');

    expect((await pdw('watch', 'remove', notes)).code).toBe(0);
    expect((await pdw('watch', 'list')).stdout).toContain('No watched folders');
  });

  it('leaves a folder added while pdw serve runs to the server, and says so', async () => {
    const server = await servePdw(env());
    try {
      const added = await pdw('watch', 'add', notes);
      expect(added.code).toBe(0);
      expect(added.stdout).toBe(
        `${notes}  [followed by the running app]\nThe running app (process ${server.pid}: the desktop app or \`pdw serve\`) keeps these folders in sync. It scans ${notes} within seconds.\n`,
      );
      expect(JSON.parse((await pdw('watch', 'list', '--json')).stdout)).toMatchObject({ active: false, followedBy: server.pid });
      // What actually happens: the server picks the folder up and scans it.
      await expect.poll(async () => (await server.call('watch.list')).folders, { timeout: 20_000, interval: 250 }).toMatchObject([{ path: notes, state: 'watching', documents: 1 }]);
    } finally {
      await server.stop();
    }
    // Stopped: nobody follows the folders, and the CLI says how to apply changes itself.
    const listed = await pdw('watch', 'list');
    expect(listed.stdout).toContain(`${notes}  [idle]`);
    expect(listed.stdout).toContain('pdw watch sync');
  });

  it('explains what it cannot do', async () => {
    const usage = await pdw('watch', 'add');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('with a folder');
    const file = await pdw('watch', 'add', join(notes, 'bees.txt'));
    expect(file.code).toBe(1);
    expect(file.stderr).toContain('is a file');
    const unknown = await pdw('watch', 'remove', join(root, 'elsewhere'));
    expect(unknown.stderr).toContain('not a watched folder');
  });
});

const PDW = fileURLToPath(new URL('../../../bin/pdw.js', import.meta.url));

/** `pdw serve` on the test's data dir, with a way to call its API and to stop it. */
async function servePdw(environment: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [PDW, 'serve', '--json'], { env: { ...process.env, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const output = await new Promise<{ url: string; openUrl: string }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      try {
        resolve(JSON.parse(out));
      } catch {
        // more to come
      }
    });
    void exited.then((code) => reject(new Error(`pdw serve exited with ${code}: ${out}`)));
  });
  const token = new URL(output.openUrl).searchParams.get('token');
  return {
    pid: child.pid as number,
    async call(name: string): Promise<WatchStatus> {
      const reply = await fetch(`${output.url}/api/${name}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' });
      return ((await reply.json()) as { value: WatchStatus }).value;
    },
    async stop() {
      child.kill('SIGINT');
      await exited;
    },
  };
}
