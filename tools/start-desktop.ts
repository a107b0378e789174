// `npm start`: runs the built desktop app in Electron. Where Electron's binary could not be downloaded (no
// network, ELECTRON_SKIP_BINARY_DOWNLOAD), says so and points to the browser UI instead of Electron's own
// stack trace, which only suggests reinstalling.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Electron executable, if it is on disk (the same lookup as the electron package, without its download). */
function electronBinary(): string | undefined {
  const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(electronDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, name ?? 'electron') : name ? join(electronDir, 'dist', name) : undefined;
  return binary && existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
if (!binary) {
  console.error(
    [
      "Electron's binary is not installed, so the desktop app cannot start here.",
      '  • Use PDW in a browser instead: npm run serve   (prints a URL with an access token)',
      '  • Or, with network access, fetch Electron: node node_modules/electron/install.js   and run npm start again.',
    ].join('\n'),
  );
  process.exit(1);
}
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
