// The build holds every worker module the app starts (src-main/kernel/worker-entries.ts), each where the built
// spawners look for it: beside the main bundle. A missing one would fail at first use in the desktop app.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { WORKER_ENTRIES } from '../../src-main/kernel/worker-entries.ts';

const OUT_MAIN = fileURLToPath(new URL('../../out/main/', import.meta.url));

test('the build emits every worker entry beside the main bundle', () => {
  const built = readdirSync(OUT_MAIN);
  expect(Object.keys(WORKER_ENTRIES).length).toBeGreaterThanOrEqual(4);
  for (const name of Object.keys(WORKER_ENTRIES)) expect(built, `out/main/${name}.js`).toContain(`${name}.js`);
  for (const source of Object.values(WORKER_ENTRIES)) expect(existsSync(fileURLToPath(new URL(`../../${source}`, import.meta.url))), source).toBe(true);
});
