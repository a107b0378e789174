// Writes resources/icon.png (512 × 512) and the macOS tray template (resources/trayTemplate.png, 16 × 16, and
// its @2x) from icon.ts: `node tools/icon/make-icon.ts`.
// `--check` only compares: exit 1 when a committed file differs from what the code draws.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderIcon, renderTrayTemplate } from './icon.ts';
import { encodePng } from './png.ts';

export const ICON_SIZE = 512;
export const ICON_FILE = fileURLToPath(new URL('../../resources/icon.png', import.meta.url));
/** The menu bar's icon size in points; the @2x file serves Retina screens. */
export const TRAY_SIZE = 16;

export function iconPng(): Buffer {
  return encodePng(ICON_SIZE, ICON_SIZE, renderIcon(ICON_SIZE));
}

export function trayTemplatePng(scale: 1 | 2): Buffer {
  return encodePng(TRAY_SIZE * scale, TRAY_SIZE * scale, renderTrayTemplate(TRAY_SIZE * scale));
}

const resource = (name: string) => fileURLToPath(new URL(`../../resources/${name}`, import.meta.url));
const FILES: [string, () => Buffer][] = [
  [ICON_FILE, iconPng],
  [resource('trayTemplate.png'), () => trayTemplatePng(1)],
  [resource('trayTemplate@2x.png'), () => trayTemplatePng(2)],
];

if (import.meta.main) {
  for (const [file, draw] of FILES) {
    const png = draw();
    if (process.argv.includes('--check')) {
      const committed = await readFile(file).catch(() => Buffer.alloc(0));
      if (!committed.equals(png)) {
        console.error(`${file} is not what tools/icon/icon.ts draws: run node tools/icon/make-icon.ts`);
        process.exit(1);
      }
      console.log(`${file} is up to date.`);
    } else {
      await writeFile(file, png);
      console.log(`Wrote ${file} (${png.length} bytes).`);
    }
  }
}
