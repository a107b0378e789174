// `pdw info` opens nothing it does not need: the library's and backup's modules (SQLite, HNSW, the
// extractors, the backup engine) load on first use, so a command that never touches them never loads them.
// The child process records every module it loads through a module hook.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../../helpers/temp-dir.ts';

const PDW = fileURLToPath(new URL('../../../bin/pdw.js', import.meta.url));

const HOOK = `
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const loaded = new Set();
registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });
process.on('exit', () => writeFileSync(process.env.PDW_TEST_LOADED, [...loaded].join('\\n')));
`;

describe('pdw start-up', () => {
  it('runs `pdw info` without loading SQLite, HNSW, the library or the backup engine', async () => {
    await withTempDir(async (dir) => {
      const hook = join(dir, 'hook.mjs');
      const list = join(dir, 'loaded.txt');
      await writeFile(hook, HOOK);
      await promisify(execFile)(process.execPath, ['--import', pathToFileURL(hook).href, PDW, 'info', '--json'], {
        // Closed loopback ports: the reachability probe fails at once.
        env: { ...process.env, PDW_DATA_DIR: join(dir, 'data'), PDW_TEST_LOADED: list, WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9', WALRUS_AGGREGATOR_URL: 'http://127.0.0.1:9' },
      });
      const loaded = (await readFile(list, 'utf8')).split('\n');
      expect(loaded.some((url) => url.endsWith('/src-main/app.ts'))).toBe(true);
      const heavy = loaded.filter((url) => /better-sqlite3|hnswlib-node|src-main\/library\/library\.ts|src-main\/backup\/engine\.ts|pdfjs-dist/.test(url));
      expect(heavy).toEqual([]);
    });
  });
});
