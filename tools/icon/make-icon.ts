// Writes resources/icon.png (512 × 512) from icon.ts: `node tools/icon/make-icon.ts`.
// `--check` only compares: exit 1 when the committed icon differs from what the code draws.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderIcon } from './icon.ts';
import { encodePng } from './png.ts';

export const ICON_SIZE = 512;
export const ICON_FILE = fileURLToPath(new URL('../../resources/icon.png', import.meta.url));

export function iconPng(): Buffer {
  return encodePng(ICON_SIZE, ICON_SIZE, renderIcon(ICON_SIZE));
}

if (import.meta.main) {
  const png = iconPng();
  if (process.argv.includes('--check')) {
    const committed = await readFile(ICON_FILE).catch(() => Buffer.alloc(0));
    if (!committed.equals(png)) {
      console.error(`${ICON_FILE} is not what tools/icon/icon.ts draws: run node tools/icon/make-icon.ts`);
      process.exit(1);
    }
    console.log(`${ICON_FILE} is up to date.`);
  } else {
    await writeFile(ICON_FILE, png);
    console.log(`Wrote ${ICON_FILE} (${png.length} bytes).`);
  }
}
