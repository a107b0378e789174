// `pdw backup` at its defaults against local Walrus servers of any committee size: nothing says how many
// shards the deployment runs, the client assumes mainnet's 1000, and a publisher that allows fewer
// patches per quilt refuses once, after which the count is learned and kept in the data directory.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { runPdw, type PdwRun } from '../../helpers/pdw-cli.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { SUI_VECTORS } from '../../unit/wallet/vectors.ts';

// 40 documents: 80 items, more than the 66 patches a quilt holds at 100 shards.
const DOCUMENTS = 40;
let root: string;

function pdw(dataDir: string, server: WalrusLocal | undefined, args: string[], stdin = ''): Promise<PdwRun> {
  const walrus = server ? { WALRUS_PUBLISHER_URL: server.url, WALRUS_AGGREGATOR_URL: server.url } : {};
  return runPdw(args, { PDW_CACHE_DIR: TEST_CACHE_DIR, PDW_PASSPHRASE: 'a long test passphrase', PDW_DATA_DIR: dataDir, ...walrus }, stdin);
}

const quiltPuts = (server: WalrusLocal) => server.requestLog().filter((e) => e.method === 'PUT' && e.template === '/v1/quilts').map((e) => e.status);

beforeAll(async () => {
  await bundledEmbedder();
  root = await makeTempDir();
  // One library, copied per server: each backup starts from the same state.
  const base = join(root, 'base');
  expect((await pdw(base, undefined, ['wallet', 'import', '--json'], SUI_VECTORS[0]?.phrase ?? '')).code).toBe(0);
  const docs = join(root, 'docs');
  await mkdir(docs);
  for (let i = 0; i < DOCUMENTS; i++) await writeFile(join(docs, `note-${i}.txt`), `Note ${i}: the orchard by the river keeps ${i} hives of bees.\n`);
  const ingest = await pdw(base, undefined, ['ingest', docs, '--json']);
  expect(ingest.code, ingest.stderr).toBe(0);
}, 240_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('pdw backup learns the shard count of whatever Walrus it is pointed at', () => {
  for (const shards of [10, 100, 1000]) {
    it(`completes at ${shards} shards with default settings`, { timeout: 300_000 }, async () => {
      const server = await startWalrusLocal({ shards, fsync: false });
      try {
        const dataDir = join(root, `at-${shards}`);
        await cp(join(root, 'base'), dataDir, { recursive: true });
        const backup = await pdw(dataDir, server, ['backup', '--json']);
        expect(backup.code, backup.stderr).toBe(0);
        expect(JSON.parse(backup.stdout)).toMatchObject({ state: 'complete', uploadedItems: DOCUMENTS * 2 });
        // Over the limit only where the client's first guess (666 per quilt) was too many.
        expect(quiltPuts(server).filter((s) => s !== 200)).toEqual(shards < 1000 ? [400] : []);
        const learned = JSON.parse(await readFile(join(dataDir, 'walrus', 'shards.json'), 'utf8')) as { publishers: Record<string, { shards: number }> };
        expect(Object.values(learned.publishers).map((p) => p.shards)).toEqual([shards]);

        if (shards === 1000) {
          const verify = await pdw(dataDir, server, ['verify', '--all', '--json']);
          expect(verify.code, verify.stderr).toBe(0);
        }

        if (shards === 100) {
          // The next run starts from what was learned: no refusal.
          server.clearRequestLog();
          const extra = join(root, 'extra.txt');
          await writeFile(extra, 'One more note, about the meadow.\n');
          expect((await pdw(dataDir, server, ['ingest', extra, '--json'])).code).toBe(0);
          const again = await pdw(dataDir, server, ['backup', '--json']);
          expect(again.code, again.stderr).toBe(0);
          expect(quiltPuts(server).every((s) => s === 200)).toBe(true);
        }
      } finally {
        await server.close();
      }
    });
  }
});
