// `node tools/screenshots/capture.ts`: the README's screenshots of the real UI in Debian's Chromium. They are
// taken along the whole-journey end-to-end test (test/e2e/journey.spec.ts: wallet, library, search, backups,
// settings, restore from the recovery phrase), which saves them into docs/screenshots/ when PDW_SCREENSHOTS=1.
// Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PLAYWRIGHT = fileURLToPath(new URL('../../node_modules/.bin/playwright', import.meta.url));

const run = spawnSync(PLAYWRIGHT, ['test', 'test/e2e/journey.spec.ts'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, PDW_SCREENSHOTS: '1' } });
process.exit(run.status ?? 1);
